package dev.heed.dsr.request;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The queries on {@code task_answer}; writes happen in the transaction that applies the answer. */
@ApplicationScoped
public class TaskAnswerRepository implements PanacheRepositoryBase<TaskAnswer, UUID> {

    /** A directive's answers by system id. */
    Uni<Map<String, TaskAnswer>> ofDirective(UUID directiveId) {
        return list("directiveId", directiveId)
                .map(answers -> answers.stream().collect(Collectors.toMap(answer -> answer.systemId, Function.identity())));
    }

    /** The export a system acknowledged, as it acknowledged it (checked against its upload elsewhere). */
    public Uni<Void> recordExport(UUID directiveId, String systemId, String reference, String sha256) {
        return update(directiveId, systemId, answer -> {
            answer.exportReference = reference;
            answer.exportSha256 = sha256;
        });
    }

    /** Who answered by hand for a system, and their note. */
    Uni<Void> recordCompletion(UUID directiveId, String systemId, String operator, String note) {
        return update(directiveId, systemId, answer -> {
            answer.completedBy = operator;
            answer.completionNote = note;
        });
    }

    private Uni<Void> update(UUID directiveId, String systemId, Consumer<TaskAnswer> change) {
        return find("directiveId = ?1 and systemId = ?2", directiveId, systemId).firstResult().chain(found -> {
            TaskAnswer answer = found;
            if (answer == null) {
                answer = new TaskAnswer();
                answer.id = UUID.randomUUID();
                answer.directiveId = directiveId;
                answer.systemId = systemId;
                change.accept(answer);
                return persist(answer).replaceWithVoid();
            }
            change.accept(answer);
            return Uni.createFrom().voidItem();
        });
    }
}
