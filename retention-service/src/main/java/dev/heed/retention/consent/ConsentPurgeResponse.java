package dev.heed.retention.consent;

import dev.heed.events.directive.DirectiveOutcome;
import java.time.Instant;
import java.util.UUID;

/**
 * A scheduled subject-level purge as the API shows it: the subject by key only.
 *
 * @param decisionId the withdrawal (or expiry) that scheduled it
 * @param heldSince set while a legal hold keeps the subject's data past the due time
 * @param cancelledBy the re-grant's decision id
 */
public record ConsentPurgeResponse(UUID id, String subjectKey, String purposeId, String policyId, int policyVersion,
        String dataCategory, UUID decisionId, Instant consentEndedAt, Instant dueAt, ConsentPurgeStatus status,
        Instant scheduledAt, Instant heldSince, UUID directiveId, Instant issuedAt, DirectiveOutcome outcome,
        Long recordsAffected, Instant settledAt, Instant cancelledAt, UUID cancelledBy) {

    static ConsentPurgeResponse of(ConsentPurge purge) {
        return new ConsentPurgeResponse(purge.id, purge.subjectKey, purge.purposeId, purge.policyId, purge.policyVersion,
                purge.dataCategory, purge.decisionId, purge.consentEndedAt, purge.dueAt, purge.status,
                purge.scheduledAt, purge.heldSince, purge.directiveId, purge.issuedAt, purge.outcome,
                purge.recordsAffected, purge.settledAt, purge.cancelledAt, purge.cancelledBy);
    }
}
