package dev.heed.consent.ledger;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** The named queries of the consent ledger ({@code consent_decision}), in the caller's session. */
@ApplicationScoped
public class LedgerRepository implements PanacheRepositoryBase<LedgerEntry, Long> {

    private static final String LATEST = "from LedgerEntry d where d.subjectKey = :subjectKey"
            + " and d.sequence = (select max(e.sequence) from LedgerEntry e"
            + " where e.subjectKey = d.subjectKey and e.purposeId = d.purposeId%s) order by d.purposeId";

    /** The subject's latest decision per purpose, by purpose id. */
    Uni<List<LedgerEntry>> latestPerPurpose(String subjectKey) {
        return list(LATEST.formatted(""), Parameters.with("subjectKey", subjectKey));
    }

    /** The subject's latest decision per purpose recorded at or before {@code at}, by purpose id. */
    Uni<List<LedgerEntry>> latestPerPurposeAt(String subjectKey, Instant at) {
        return list(LATEST.formatted(" and e.recordedAt <= :at"),
                Parameters.with("subjectKey", subjectKey).and("at", at));
    }

    /** Every decision of the subject, oldest first. */
    Uni<List<LedgerEntry>> history(String subjectKey) {
        return list("subjectKey = :subjectKey", Sort.by("sequence"), Parameters.with("subjectKey", subjectKey));
    }

    /** The subject's latest decision about the purpose, or {@code null}. */
    Uni<LedgerEntry> latestDecision(String subjectKey, String purposeId) {
        return find("subjectKey = :subjectKey and purposeId = :purposeId", Sort.descending("sequence"),
                Parameters.with("subjectKey", subjectKey).and("purposeId", purposeId)).firstResult();
    }
}
