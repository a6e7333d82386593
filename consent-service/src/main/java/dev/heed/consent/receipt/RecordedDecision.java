package dev.heed.consent.receipt;

import dev.heed.events.consent.ConsentChannel;
import dev.heed.events.consent.Decision;
import java.time.Instant;
import java.util.UUID;

/**
 * What a receipt attests: one decision as the ledger stored it. Carries the subject key only; the
 * customer id never reaches a receipt.
 *
 * @param ledgerSequence the decision's place in the ledger (the version token of its write)
 */
public record RecordedDecision(UUID decisionId, long ledgerSequence, String subjectKey, String purposeId,
        int purposeVersion, Decision decision, ConsentChannel channel, String collectorId, String noticeVersion,
        String jurisdiction, Instant expiresAt, boolean gpc, Instant recordedAt) {
}
