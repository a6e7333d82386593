package dev.heed.consent.ledger;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.heed.consent.receipt.IssuedReceipt;
import dev.heed.events.consent.ConsentChannel;
import dev.heed.events.consent.Decision;
import java.time.Instant;
import java.util.UUID;

/**
 * One ledger decision as the API shows it.
 *
 * @param decision as recorded; in a state (current or at an instant) a grant whose expiry has
 *                 passed reads {@code EXPIRED}
 * @param version  the decision's ledger sequence: the version token of the write that recorded it
 * @param receipt  the signed receipt, in the answer to the write that recorded the decision only
 */
public record DecisionResponse(UUID id, String subjectKey, String purposeId, int purposeVersion, Decision decision,
        ConsentChannel channel, String collectorId, String noticeVersion, Instant expiresAt, String jurisdiction,
        boolean gpc, Instant recordedAt, long version, @JsonInclude(JsonInclude.Include.NON_NULL) IssuedReceipt receipt) {

    static DecisionResponse recorded(LedgerEntry entry) {
        return as(entry, entry.decision, null);
    }

    static DecisionResponse recorded(LedgerEntry entry, IssuedReceipt receipt) {
        return as(entry, entry.decision, receipt);
    }

    static DecisionResponse stateAt(LedgerEntry entry, Instant instant) {
        return as(entry, entry.effectiveAt(instant), null);
    }

    private static DecisionResponse as(LedgerEntry entry, Decision decision, IssuedReceipt receipt) {
        return new DecisionResponse(entry.id, entry.subjectKey, entry.purposeId, entry.purposeVersion, decision,
                entry.channel, entry.collectorId, entry.noticeVersion, entry.expiresAt, entry.jurisdiction, entry.gpc,
                entry.recordedAt, entry.sequence, receipt);
    }
}
