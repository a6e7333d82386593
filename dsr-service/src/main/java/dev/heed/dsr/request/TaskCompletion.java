package dev.heed.dsr.request;

import dev.heed.events.directive.AckOutcome;
import dev.heed.platform.web.InvalidInputException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/v1/requests/{id}/tasks/{systemId}/completion}: an operator answers
 * for a system handled by hand. Problems name the field and never repeat a value.
 */
@Schema(name = "TaskCompletion")
public record TaskCompletion(
        @NotNull @Schema(enumeration = {"DONE", "NOT_APPLICABLE"}) AckOutcome outcome,
        @NotBlank @Size(max = MAX_NOTE)
        @Schema(examples = "Erased by hand in the paper archive, ticket OPS-812",
                description = "How the system was handled; kept on the task. No identities.")
        String note,
        @Valid @Schema(description = "Optional, as a system's acknowledgement would report them.") Counts counts) {

    static final int MAX_NOTE = 1000;

    /** What the operator counted, e.g. {@code {"recordsAffected": 3}}. */
    public record Counts(@PositiveOrZero Long recordsAffected) {
    }

    /** The answer as the request's task takes it. */
    record Answer(AckOutcome outcome, Long recordsAffected, String note) {
    }

    /** A system that answers by hand cannot fail: it is handled or it holds nothing. */
    Answer answer() {
        if (outcome != AckOutcome.DONE && outcome != AckOutcome.NOT_APPLICABLE) {
            throw new InvalidInputException("outcome", "must be DONE or NOT_APPLICABLE");
        }
        return new Answer(outcome, counts == null ? null : counts.recordsAffected(), note.strip());
    }

    @Override
    public String toString() {
        return "TaskCompletion[outcome=" + outcome + "]";
    }
}
