package dev.heed.events.consent;

/** Where a decision was collected. */
public enum ConsentChannel {
    WEB,
    APP,
    SUPPORT_AGENT,
    PHONE,
    EMAIL,
    /** Migrated from an earlier consent store. */
    IMPORT,
    /** Forwarded by dsr-service from a verified data-subject request (an opt-out of sale or sharing). */
    DATA_SUBJECT_REQUEST
}
