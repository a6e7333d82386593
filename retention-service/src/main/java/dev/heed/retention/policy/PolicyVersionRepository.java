package dev.heed.retention.policy;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** The named queries of the {@code retention_policy_version} table, in the caller's session. */
@ApplicationScoped
public class PolicyVersionRepository implements PanacheRepositoryBase<PolicyVersion, PolicyVersion.Key> {

    /** The latest version of every policy, by policy id. */
    public Uni<List<PolicyVersion>> latestOfEach() {
        return list("from PolicyVersion p where p.version = (select max(v.version)"
                + " from PolicyVersion v where v.policyId = p.policyId) order by p.policyId");
    }

    /** The newest version that took effect at or before {@code at}; {@code null} if none. */
    Uni<PolicyVersion> inForceAt(String policyId, Instant at) {
        return find("policyId = :policyId and effectiveAt <= :at", Sort.descending("version"),
                Parameters.with("policyId", policyId).and("at", at)).firstResult();
    }

    /** Every version, oldest first. */
    Uni<List<PolicyVersion>> versionsOf(String policyId) {
        return list("policyId = :policyId", Sort.by("version"), Parameters.with("policyId", policyId));
    }

    Uni<PolicyVersion> latestOf(String policyId) {
        return find("policyId = :policyId", Sort.descending("version"), Parameters.with("policyId", policyId))
                .firstResult();
    }

    /** One version, or {@code null}. */
    public Uni<PolicyVersion> version(String policyId, int version) {
        return findById(new PolicyVersion.Key(policyId, version));
    }
}
