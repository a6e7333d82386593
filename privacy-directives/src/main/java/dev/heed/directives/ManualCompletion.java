package dev.heed.directives;

import dev.heed.events.directive.AckOutcome;

/**
 * An operator's answer for a system handled by hand (no acknowledgement will come from it).
 *
 * @param outcome {@code DONE} or {@code NOT_APPLICABLE}
 * @param recordsAffected optional, as in an acknowledgement
 * @param note why and how it was handled, kept on the task
 * @param operator who answered, from their token
 */
public record ManualCompletion(AckOutcome outcome, Long recordsAffected, String note, String operator) {

    public ManualCompletion {
        if (outcome != AckOutcome.DONE && outcome != AckOutcome.NOT_APPLICABLE) {
            throw new IllegalArgumentException("outcome must be DONE or NOT_APPLICABLE");
        }
        if (recordsAffected != null && recordsAffected < 0) {
            throw new IllegalArgumentException("recordsAffected must not be negative");
        }
        if (note == null || note.isBlank()) {
            throw new IllegalArgumentException("note is required");
        }
        if (operator == null || operator.isBlank()) {
            throw new IllegalArgumentException("operator is required");
        }
    }
}
