package dev.heed.dsr.request;

import dev.heed.events.dsr.RequestStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/** Four eyes: an operator other than the one who filed it approves a request whose type needs approval. */
@ApplicationScoped
public class RequestApproval {

    private final RequestChanges changes;
    private final RequestEvents events;
    private final RequestFulfilment fulfilment;

    RequestApproval(RequestChanges changes, RequestEvents events, RequestFulfilment fulfilment) {
        this.changes = changes;
        this.events = events;
        this.fulfilment = fulfilment;
    }

    /** Approves and sends the request on; empty when there is no such request. */
    public Uni<Optional<RequestResponse>> approve(UUID id, String operator, String role) {
        return changes.change(id, request -> {
            if (request.status != RequestStatus.VERIFIED || !request.approvalRequired) {
                throw new RequestConflictException("only a verified request that needs approval can be approved");
            }
            if (request.submittedBy.equals(operator)) {
                throw new RequestConflictException("the operator who filed a request cannot approve it");
            }
            request.approvedBy = operator;
            request.approvedAt = events.now();
            return events.operatorAction(request, operator, role, "request.approved", null)
                    .chain(() -> fulfilment.fulfil(request));
        });
    }
}
