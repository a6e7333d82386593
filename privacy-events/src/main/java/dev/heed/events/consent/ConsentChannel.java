package dev.heed.events.consent;

/** Where a decision was collected. */
public enum ConsentChannel {
    WEB,
    APP,
    SUPPORT_AGENT,
    PHONE,
    EMAIL,
    /** Migrated from an earlier consent store. */
    IMPORT
}
