package dev.heed.directives;

import dev.heed.events.directive.AckOutcome;

/**
 * An operator's answer for a system handled by hand (no acknowledgement will come from it). Who
 * answered and why is the issuing service's to keep, in the transaction that applies it.
 *
 * @param outcome {@code DONE} or {@code NOT_APPLICABLE}
 * @param recordsAffected optional, as in an acknowledgement
 */
public record ManualCompletion(AckOutcome outcome, Long recordsAffected) {

    public ManualCompletion {
        if (outcome != AckOutcome.DONE && outcome != AckOutcome.NOT_APPLICABLE) {
            throw new IllegalArgumentException("outcome must be DONE or NOT_APPLICABLE");
        }
        if (recordsAffected != null && recordsAffected < 0) {
            throw new IllegalArgumentException("recordsAffected must not be negative");
        }
    }
}
