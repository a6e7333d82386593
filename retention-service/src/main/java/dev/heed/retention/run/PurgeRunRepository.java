package dev.heed.retention.run;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The named queries of the {@code purge_run} table, in the caller's session. */
@ApplicationScoped
public class PurgeRunRepository implements PanacheRepositoryBase<PurgeRunRow, UUID> {

    private static final String INSERT = "insert into purge_run (id, policy_id, policy_version, window_start,"
            + " data_category, action, cutoff, trigger, started_by, state, started_at)"
            + " values (:id, :policyId, :version, :windowStart, :category, :action, :cutoff, :trigger, :startedBy,"
            + " 'RUNNING', :startedAt) on conflict (policy_id, policy_version, window_start) do nothing";

    /**
     * Inserts the run unless its policy version's run of the window exists: the unique (policy,
     * version, window) decides who starts it.
     *
     * @return whether this call inserted it
     */
    Uni<Boolean> insertIfAbsent(PurgeRunRow run) {
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                        .setParameter("id", run.id)
                        .setParameter("policyId", run.policyId)
                        .setParameter("version", run.policyVersion)
                        .setParameter("windowStart", run.windowStart)
                        .setParameter("category", run.dataCategory)
                        .setParameter("action", run.action.name())
                        .setParameter("cutoff", run.cutoff)
                        .setParameter("trigger", run.trigger.name())
                        .setParameter("startedBy", run.startedBy)
                        .setParameter("startedAt", run.startedAt)
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    Uni<PurgeRunRow> inWindow(String policyId, int policyVersion, Instant windowStart) {
        return find("policyId = :policyId and policyVersion = :version and windowStart = :windowStart",
                Parameters.with("policyId", policyId).and("version", policyVersion).and("windowStart", windowStart))
                .firstResult();
    }

    /** Locked until the caller's transaction ends: answers settling at once take turns on their run. */
    Uni<PurgeRunRow> lockedById(UUID runId) {
        return findById(runId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Runs started in [from, to), of one policy unless {@code policyId} is null, newest first. */
    Uni<List<PurgeRunRow>> startedBetween(String policyId, Instant from, Instant to, int limit) {
        StringBuilder query = new StringBuilder("startedAt >= :from and startedAt < :to");
        Parameters parameters = Parameters.with("from", from).and("to", to);
        if (policyId != null) {
            query.append(" and policyId = :policyId");
            parameters = parameters.and("policyId", policyId);
        }
        return find(query.toString(), Sort.descending("startedAt"), parameters).page(0, limit).list();
    }
}
