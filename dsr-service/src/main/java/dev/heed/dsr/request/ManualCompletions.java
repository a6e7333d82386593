package dev.heed.dsr.request;

import dev.heed.directives.Acknowledgements;
import dev.heed.directives.ManualCompletion;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/**
 * An operator answers for a system handled by hand, through the directive library's own transition
 * ({@link Acknowledgements#completeByHand}): the request settles as if the system had acknowledged.
 * Who answered and their note are kept on the task's {@link TaskAnswer}; the operator action (no
 * note: it is free text) commits with it.
 */
@ApplicationScoped
public class ManualCompletions {

    private final RequestChanges changes;
    private final RequestEvents events;
    private final Acknowledgements acknowledgements;
    private final TaskAnswerRepository answers;

    ManualCompletions(RequestChanges changes, RequestEvents events, Acknowledgements acknowledgements,
            TaskAnswerRepository answers) {
        this.changes = changes;
        this.events = events;
        this.acknowledgements = acknowledgements;
        this.answers = answers;
    }

    /** Empty when there is no such request; {@link RequestNotFoundException} when it has no task for the system. */
    public Uni<Optional<RequestResponse>> complete(UUID id, String systemId, TaskCompletion.Answer answer,
            String operator, String role) {
        return changes.change(id, request -> {
            if (request.directiveId == null) {
                throw new RequestNotFoundException("the request has not been sent to any system");
            }
            ManualCompletion completion = new ManualCompletion(answer.outcome(), answer.recordsAffected());
            return acknowledgements.completeByHand(request.directiveId, systemId, completion)
                    .chain(disposition -> switch (disposition) {
                        case APPLIED, APPLIED_LATE -> answers.recordCompletion(request.directiveId, systemId, operator,
                                        answer.note())
                                .chain(() -> events.operatorAction(request, operator, role, "task.completed",
                                        answer.outcome().name(), systemId));
                        case ALREADY_ANSWERED -> Uni.createFrom().failure(
                                new RequestConflictException("the system's task already has an answer"));
                        default -> Uni.createFrom().failure(
                                new RequestNotFoundException("the system has no task in this request"));
                    });
        });
    }
}
