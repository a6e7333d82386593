package dev.heed.directives;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.heed.events.EventJson;
import dev.heed.events.directive.DirectiveKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A directive and its tasks, as the issuer and operators see it.
 *
 * @param tasks one per recipient, by system id; empty when no registered system holds the data
 */
public record Directive(UUID id, DirectiveKind kind, String issuer, String subjectKey, String purposeId,
        Set<String> dataCategories, String reference, DirectiveState state, Instant issuedAt, Instant deadline,
        Instant settledAt, List<DirectiveTask> tasks) {

    private static final TypeReference<Set<String>> CATEGORIES = new TypeReference<>() {
    };

    /** No registered system matched: the directive completed the moment it was issued. */
    @JsonProperty
    public boolean noRecipients() {
        return tasks.isEmpty();
    }

    /** Systems that answered {@code FAILED}. */
    @JsonProperty
    public List<String> failedSystems() {
        return systemsIn(TaskState.FAILED);
    }

    /** Systems that had not answered by the deadline (even if they answered late). */
    @JsonProperty
    public List<String> unansweredSystems() {
        return tasks.stream()
                .filter(task -> task.state() == TaskState.OVERDUE || task.late())
                .map(DirectiveTask::systemId)
                .toList();
    }

    private List<String> systemsIn(TaskState state) {
        return tasks.stream().filter(task -> task.state() == state).map(DirectiveTask::systemId).toList();
    }

    public static Directive of(DirectiveRow directive, List<DirectiveTaskRow> tasks) {
        return new Directive(directive.id(), directive.kind(), directive.issuer(), directive.subjectKey(),
                directive.purposeId(), categories(directive.dataCategories()), directive.reference(),
                directive.state(), directive.issuedAt(), directive.deadline(), directive.settledAt(),
                tasks.stream()
                        .sorted(Comparator.comparing(DirectiveTaskRow::systemId))
                        .map(DirectiveTask::of)
                        .toList());
    }

    static String categoriesJson(Set<String> categories) {
        try {
            return EventJson.mapper().writeValueAsString(categories.stream().sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> categories(String json) {
        try {
            return Set.copyOf(EventJson.mapper().readValue(json, CATEGORIES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
