package dev.heed.consent.check;

import dev.heed.events.purpose.LegalBasis;
import java.time.Instant;

/**
 * The answer to a consent check.
 *
 * @param purposeVersion the version the decision was given to; {@code null} without a decision
 * @param currentPurposeVersion the purpose's latest version as this replica knows it
 * @param version the decision's ledger sequence (0 without a decision): the answer reflects the
 *     write that returned this token, or a later one
 * @param answeredFrom {@code CACHE} (this replica's memory) or {@code LEDGER} (PostgreSQL)
 */
public record CheckResult(String subjectKey, String purposeId, boolean allowed, CheckStatus status,
        LegalBasis legalBasis, Integer purposeVersion, int currentPurposeVersion, Instant decidedAt,
        Instant expiresAt, long version, Instant checkedAt, Source answeredFrom) {

    public enum Source {
        CACHE,
        LEDGER
    }
}
