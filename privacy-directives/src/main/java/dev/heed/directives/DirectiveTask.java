package dev.heed.directives;

import java.time.Instant;
import java.util.UUID;

/**
 * One recipient's task as callers see it. What an issuer keeps about an answer beyond this (an
 * export's hash, an operator's note) lives in that issuer's own tables.
 *
 * @param id the CloudEvents id of every (re-)send of this task
 * @param late answered after the deadline had passed
 * @param sendCount how often the task was queued for sending (1 + re-sends)
 */
public record DirectiveTask(UUID id, String systemId, TaskState state, boolean late, int sendCount,
        Instant firstSentAt, Instant lastSentAt, Instant acknowledgedAt, Long recordsAffected, String reason,
        Instant overdueAt) {

    static DirectiveTask of(DirectiveTaskRow task) {
        return new DirectiveTask(task.id(), task.systemId(), task.state(), task.late(), task.queuedCount(),
                task.firstSentAt(), task.lastSentAt(), task.acknowledgedAt(), task.recordsAffected(), task.reason(),
                task.overdueAt());
    }
}
