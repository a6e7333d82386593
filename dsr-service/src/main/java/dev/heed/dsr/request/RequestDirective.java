package dev.heed.dsr.request;

import dev.heed.directives.Directive;
import dev.heed.directives.DirectiveState;
import dev.heed.directives.DirectiveTask;
import dev.heed.directives.TaskState;
import dev.heed.events.directive.DirectiveKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A request's directive as operators see it: the directive library's directive, each task with
 * what dsr-service keeps about its answer ({@link TaskAnswer}).
 *
 * @param tasks one per recipient, by system id; empty when no registered system holds the data
 * @param noRecipients no registered system matched: the directive completed the moment it was issued
 * @param failedSystems systems that answered {@code FAILED}
 * @param unansweredSystems systems that had not answered by the deadline (even if they answered late)
 */
public record RequestDirective(UUID id, DirectiveKind kind, String issuer, String subjectKey, String purposeId,
        Set<String> dataCategories, String reference, DirectiveState state, Instant issuedAt, Instant deadline,
        Instant settledAt, List<Task> tasks, boolean noRecipients, List<String> failedSystems,
        List<String> unansweredSystems) {

    /**
     * One recipient's task.
     *
     * @param id the CloudEvents id of every (re-)send of this task
     * @param late answered after the deadline had passed
     * @param sendCount how often the task was queued for sending (1 + re-sends)
     * @param exportReference, exportSha256 the export the system acknowledged
     * @param completedBy the operator who answered for a system handled by hand ({@code acknowledgedAt} says
     *     when); {@code null} when the system acknowledged
     * @param completionNote that operator's note
     */
    public record Task(UUID id, String systemId, TaskState state, boolean late, int sendCount, Instant firstSentAt,
            Instant lastSentAt, Instant acknowledgedAt, Long recordsAffected, String reason, String exportReference,
            String exportSha256, Instant overdueAt, String completedBy, String completionNote) {

        static Task of(DirectiveTask task, TaskAnswer answer) {
            return new Task(task.id(), task.systemId(), task.state(), task.late(), task.sendCount(),
                    task.firstSentAt(), task.lastSentAt(), task.acknowledgedAt(), task.recordsAffected(),
                    task.reason(), answer == null ? null : answer.exportReference,
                    answer == null ? null : answer.exportSha256, task.overdueAt(),
                    answer == null ? null : answer.completedBy, answer == null ? null : answer.completionNote);
        }
    }

    static RequestDirective of(Directive directive, Map<String, TaskAnswer> answers) {
        return new RequestDirective(directive.id(), directive.kind(), directive.issuer(), directive.subjectKey(),
                directive.purposeId(), directive.dataCategories(), directive.reference(), directive.state(),
                directive.issuedAt(), directive.deadline(), directive.settledAt(),
                directive.tasks().stream().map(task -> Task.of(task, answers.get(task.systemId()))).toList(),
                directive.noRecipients(), directive.failedSystems(), directive.unansweredSystems());
    }
}
