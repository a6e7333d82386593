package dev.heed.events.directive;

public enum AckOutcome {
    DONE,
    FAILED,
    /** The system holds nothing the directive applies to. */
    NOT_APPLICABLE
}
