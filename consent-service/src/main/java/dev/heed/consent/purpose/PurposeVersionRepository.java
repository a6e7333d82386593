package dev.heed.consent.purpose;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The named queries of the {@code purpose_version} table, in the caller's session. */
@ApplicationScoped
public class PurposeVersionRepository implements PanacheRepositoryBase<PurposeVersion, PurposeVersion.Key> {

    private static final String LATEST_OF_EACH = "from PurposeVersion p where p.version = (select max(v.version)"
            + " from PurposeVersion v where v.purposeId = p.purposeId)%s order by p.purposeId";

    /** The latest version, or {@code null} when the purpose is unknown. */
    public Uni<PurposeVersion> latestOf(String purposeId) {
        return find("purposeId = :purposeId", Sort.descending("version"), Parameters.with("purposeId", purposeId))
                .firstResult();
    }

    /** The latest version of every purpose, by purpose id. */
    Uni<List<PurposeVersion>> latestOfEach() {
        return list(LATEST_OF_EACH.formatted(""));
    }

    /** The latest version of every purpose whose processing sells or shares, by purpose id. */
    public Uni<List<PurposeVersion>> latestSellingOrSharing() {
        return list(LATEST_OF_EACH.formatted(" and p.saleOrSharing = true"));
    }

    /** Every version, oldest first; empty when the purpose is unknown. */
    Uni<List<PurposeVersion>> versionsOf(String purposeId) {
        return list("purposeId = :purposeId", Sort.by("version"), Parameters.with("purposeId", purposeId));
    }

    /** One version, or {@code null}. */
    public Uni<PurposeVersion> version(String purposeId, int version) {
        return findById(new PurposeVersion.Key(purposeId, version));
    }

    /** The id of every purpose of the catalogue, in order. */
    public Uni<List<String>> purposeIds() {
        return Panache.getSession().chain(session -> session.createSelectionQuery(
                "select distinct p.purposeId from PurposeVersion p order by p.purposeId", String.class)
                .getResultList());
    }
}
