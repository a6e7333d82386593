package dev.heed.dsr.request;

import dev.heed.events.dsr.RequestStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/** A request is cancelled while no system has it yet: by an operator, or by whoever filed it outside Heed. */
@ApplicationScoped
public class RequestCancellation {

    private final RequestChanges changes;
    private final RequestEvents events;

    RequestCancellation(RequestChanges changes, RequestEvents events) {
        this.changes = changes;
        this.events = events;
    }

    /** An operator cancels; a request some system has already is a conflict. Empty when there is no such request. */
    public Uni<Optional<RequestResponse>> cancel(UUID id, String operator, String role, String reason) {
        return changes.change(id, request -> {
            if (!cancellable(request)) {
                throw new RequestConflictException("only a request that has not been sent to the systems can be cancelled");
            }
            RequestStatus from = request.moveTo(RequestStatus.CANCELLED, events.now(), reason);
            return events.operatorAction(request, operator, role, "request.cancelled", reason)
                    .chain(() -> events.announce(request, from, operator, reason));
        });
    }

    /**
     * Cancels a request for whoever filed it outside Heed, while no system has it yet.
     *
     * @return the request's status afterwards: {@code CANCELLED}, or the status that kept it from being cancelled
     */
    public Uni<Optional<RequestStatus>> cancelForSubmitter(UUID id, String actor, String reason) {
        return changes.change(id, request -> {
            if (!cancellable(request)) {
                return Uni.createFrom().voidItem();
            }
            RequestStatus from = request.moveTo(RequestStatus.CANCELLED, events.now(), reason);
            return events.announce(request, from, actor, reason);
        }).map(view -> view.map(RequestResponse::status));
    }

    private static boolean cancellable(SubjectRequest request) {
        return !request.isClosed() && request.status != RequestStatus.IN_PROGRESS
                && request.status != RequestStatus.ON_HOLD;
    }
}
