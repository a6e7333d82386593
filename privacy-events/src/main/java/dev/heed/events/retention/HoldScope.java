package dev.heed.events.retention;

/** What a legal hold covers. */
public enum HoldScope {
    /** One subject's data (all of it, or only the hold's data categories). */
    SUBJECT,
    /** Whole data categories, for every subject. */
    DATA_CATEGORY,
    /** A case covering several subjects (all their data, or only the hold's data categories). */
    CASE
}
