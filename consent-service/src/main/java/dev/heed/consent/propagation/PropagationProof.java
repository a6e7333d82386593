package dev.heed.consent.propagation;

import dev.heed.directives.Directive;
import dev.heed.directives.DirectiveState;
import dev.heed.directives.DirectiveTask;
import dev.heed.directives.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * How a withdrawal, expiry or opt-out reached the systems: its {@code STOP_PROCESSING} directive
 * and, per recipient, what the system answered.
 *
 * @param state      {@code ISSUED} while answers are outstanding; {@code COMPLETED} when every
 *                   recipient confirmed (or there were none); {@code PARTIALLY_COMPLETED} when one failed
 *                   or stayed silent past the deadline
 * @param recipients the systems registered for the purpose when the decision was recorded, by id
 */
public record PropagationProof(UUID decisionId, UUID directiveId, String subjectKey, String purposeId,
        DirectiveState state, Instant issuedAt, Instant deadline, Instant settledAt, List<Recipient> recipients) {

    /**
     * One system's part.
     *
     * @param state           {@code PENDING}, or its answer ({@code DONE}, {@code FAILED},
     *                        {@code NOT_APPLICABLE}), or {@code OVERDUE}
     * @param overdue         the deadline passed without an answer
     * @param late            it answered, but after the deadline
     * @param sendCount       how often the directive was queued for it (1 + re-sends)
     * @param recordsAffected what the system reported, if it did
     * @param reason          the system's reason, for a failure or not-applicable answer
     */
    public record Recipient(String systemId, TaskState state, boolean overdue, boolean late, int sendCount,
            Instant firstSentAt, Instant lastSentAt, Instant acknowledgedAt, Long recordsAffected, String reason) {

        static Recipient of(DirectiveTask task, Instant deadline, Instant now) {
            boolean overdue = task.state() == TaskState.OVERDUE
                    || task.state() == TaskState.PENDING && !deadline.isAfter(now);
            return new Recipient(task.systemId(), task.state(), overdue, task.late(), task.sendCount(),
                    task.firstSentAt(), task.lastSentAt(), task.acknowledgedAt(), task.recordsAffected(),
                    task.reason());
        }
    }

    static PropagationProof of(UUID decisionId, Directive directive, Instant now) {
        return new PropagationProof(decisionId, directive.id(), directive.subjectKey(), directive.purposeId(),
                directive.state(), directive.issuedAt(), directive.deadline(), directive.settledAt(),
                directive.tasks().stream().map(task -> Recipient.of(task, directive.deadline(), now)).toList());
    }
}
