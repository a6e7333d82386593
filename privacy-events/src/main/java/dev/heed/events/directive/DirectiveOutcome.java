package dev.heed.events.directive;

/** How a settled directive ended. */
public enum DirectiveOutcome {
    /** Every recipient acknowledged. */
    COMPLETED,
    /** The deadline passed with recipients that did not answer or failed. */
    PARTIALLY_COMPLETED
}
