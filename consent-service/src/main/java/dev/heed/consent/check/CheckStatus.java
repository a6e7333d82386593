package dev.heed.consent.check;

/** Where a subject stands on a purpose at the moment of a check. */
public enum CheckStatus {
    GRANTED,
    /** Granted to a version of the purpose that a later, material version superseded. */
    NEEDS_RENEWAL,
    /** Granted, but the grant's expiry has passed (whether or not the expiry job recorded it yet). */
    EXPIRED,
    WITHDRAWN,
    DENIED,
    NO_DECISION,
    /** The subject was erased: nothing may be processed, and new grants are refused. */
    SUBJECT_ERASED
}
