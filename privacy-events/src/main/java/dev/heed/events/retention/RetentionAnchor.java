package dev.heed.events.retention;

/** The moment a retention period counts from. */
public enum RetentionAnchor {
    COLLECTED,
    LAST_ACTIVITY,
    RELATIONSHIP_ENDED,
    /** Consent for the policy's purpose was withdrawn. */
    CONSENT_WITHDRAWN
}
