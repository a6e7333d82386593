package dev.heed.dsr.request;

import dev.heed.directives.ManualCompletion;
import dev.heed.platform.web.InvalidInputException;
import dev.heed.events.directive.AckOutcome;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/v1/requests/{id}/tasks/{systemId}/completion}: an operator answers
 * for a system handled by hand. Problems name the field and never repeat a value.
 */
@Schema(name = "TaskCompletion")
public record TaskCompletion(
        @Schema(required = true, enumeration = {"DONE", "NOT_APPLICABLE"}) AckOutcome outcome,
        @Schema(required = true, maxLength = MAX_NOTE, examples = "Erased by hand in the paper archive, ticket OPS-812",
                description = "How the system was handled; kept on the task. No identities.")
        String note,
        @Schema(description = "Optional, as a system's acknowledgement would report them.") Counts counts) {

    static final int MAX_NOTE = 1000;

    /** What the operator counted, e.g. {@code {"recordsAffected": 3}}. */
    public record Counts(Long recordsAffected) {
    }

    ManualCompletion by(String operator) {
        if (outcome == null) {
            throw new InvalidInputException("outcome", "is required: DONE or NOT_APPLICABLE");
        }
        if (outcome != AckOutcome.DONE && outcome != AckOutcome.NOT_APPLICABLE) {
            throw new InvalidInputException("outcome", "must be DONE or NOT_APPLICABLE");
        }
        if (note == null || note.isBlank()) {
            throw new InvalidInputException("note", "is required");
        }
        if (note.length() > MAX_NOTE) {
            throw new InvalidInputException("note", "must be at most " + MAX_NOTE + " characters");
        }
        Long records = counts == null ? null : counts.recordsAffected();
        if (records != null && records < 0) {
            throw new InvalidInputException("counts.recordsAffected", "must not be negative");
        }
        return new ManualCompletion(outcome, records, note.strip(), operator);
    }

    @Override
    public String toString() {
        return "TaskCompletion[outcome=" + outcome + "]";
    }
}
