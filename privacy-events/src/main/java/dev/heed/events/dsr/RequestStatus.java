package dev.heed.events.dsr;

public enum RequestStatus {
    RECEIVED,
    AWAITING_VERIFICATION,
    VERIFIED,
    IN_PROGRESS,
    /** Blocked by a legal hold. */
    ON_HOLD,
    COMPLETED,
    PARTIALLY_COMPLETED,
    REJECTED,
    CANCELLED
}
