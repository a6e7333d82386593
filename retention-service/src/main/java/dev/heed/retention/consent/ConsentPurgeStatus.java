package dev.heed.retention.consent;

/** Where a subject-level purge stands. */
public enum ConsentPurgeStatus {
    /** Waiting for its due time (or, past it, for a legal hold on the subject to be released). */
    SCHEDULED,
    /** Sent to the systems as a PURGE directive. */
    ISSUED,
    /** Consent for the purpose was granted again before it was due: the data is needed again. */
    CANCELLED
}
