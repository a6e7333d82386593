package dev.heed.directives;

import java.time.Instant;
import java.util.UUID;

/**
 * One recipient's task as callers see it.
 *
 * @param id the CloudEvents id of every (re-)send of this task
 * @param late answered after the deadline had passed
 * @param sendCount how often the task was queued for sending (1 + re-sends)
 * @param completedBy the operator who answered for a system handled by hand ({@code acknowledgedAt} says when);
 *     {@code null} when the system acknowledged
 * @param completionNote that operator's note
 */
public record DirectiveTask(UUID id, String systemId, TaskState state, boolean late, int sendCount,
        Instant firstSentAt, Instant lastSentAt, Instant acknowledgedAt, Long recordsAffected, String reason,
        String exportReference, String exportSha256, Instant overdueAt, String completedBy,
        String completionNote) {

    static DirectiveTask of(DirectiveTaskRecord task) {
        return new DirectiveTask(task.id(), task.systemId(), task.state(), task.late(), task.queuedCount(),
                task.firstSentAt(), task.lastSentAt(), task.acknowledgedAt(), task.recordsAffected(), task.reason(),
                task.exportReference(), task.exportSha256(), task.overdueAt(), task.completedBy(),
                task.completionNote());
    }
}
