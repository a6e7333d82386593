package dev.heed.dsr.request;

import dev.heed.dsr.verification.IdentityVerification;
import dev.heed.events.dsr.RequestStatus;
import dev.heed.events.dsr.RequestType;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.platform.web.InvalidInputException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A requester who filed for themselves enters the one-time code: the right one verifies the
 * request, resolves the subject and sends it on as an operator-filed one would be; too many wrong
 * ones reject it.
 */
@ApplicationScoped
public class RequesterVerification {

    private final IdentityVerification verification;
    private final IdentityResolver resolver;
    private final SubjectKeys subjectKeys;
    private final SubjectRequestRepository requests;
    private final RequestChanges changes;
    private final RequestEvents events;
    private final RequestFulfilment fulfilment;

    RequesterVerification(IdentityVerification verification, IdentityResolver resolver, SubjectKeys subjectKeys,
            SubjectRequestRepository requests, RequestChanges changes, RequestEvents events,
            RequestFulfilment fulfilment) {
        this.verification = verification;
        this.resolver = resolver;
        this.subjectKeys = subjectKeys;
        this.requests = requests;
        this.changes = changes;
        this.events = events;
        this.fulfilment = fulfilment;
    }

    public Uni<RequestResponse> verify(UUID id, String code) {
        // The guess is counted in a transaction of its own, so nothing after it can undo the count.
        return verification.verify(id, code).chain(attempt -> switch (attempt.outcome()) {
            case VERIFIED -> verified(id);
            case WRONG_CODE -> Uni.createFrom().failure(new InvalidInputException("code",
                    "is not the code that was sent; " + attempt.attemptsLeft() + " attempts left"));
            case EXPIRED -> Uni.createFrom().failure(new RequestConflictException("the code has expired"));
            case ALREADY_VERIFIED -> Uni.createFrom().failure(
                    new RequestConflictException("the request is already verified"));
            case LOCKED -> changes.change(id, request -> reject(request, "identity not verified: too many wrong codes"))
                    .chain(() -> Uni.createFrom().failure(
                            new RequestConflictException("too many wrong codes: the request is rejected")));
            case NOT_FOUND -> Uni.createFrom().failure(new RequestNotFoundException("no such request"));
        });
    }

    private Uni<RequestResponse> verified(UUID id) {
        return changes.change(id, request -> {
            if (request.status != RequestStatus.AWAITING_VERIFICATION) {
                throw new RequestConflictException("the request is not waiting for verification");
            }
            Map.Entry<String, List<String>> identity = RequestJson.identities(request.identities).entrySet()
                    .iterator().next();
            String address = identity.getValue().get(0);
            Optional<String> customerId = resolver.customerIdOf(identity.getKey(), address);
            request.subjectKey = subjectKeys.keyOf(customerId.orElse(identity.getKey() + ":" + address));
            request.verifiedAt = events.now();
            request.verificationMethod = SubjectRequest.VerificationMethod.CODE;
            request.verifiedBy = RequestEvents.REQUESTER;
            RequestStatus from = request.moveTo(RequestStatus.VERIFIED, request.verifiedAt, null);
            return events.announce(request, from, RequestEvents.REQUESTER, "one-time code entered")
                    .chain(() -> requests.otherOpenLike(request))
                    .chain(open -> {
                        if (open != null) {
                            // The same right, asked again while the first is open: linked, not sent twice.
                            request.duplicateOf = open.id;
                            RequestStatus before = request.moveTo(RequestStatus.CANCELLED, events.now(),
                                    "duplicate of " + open.id);
                            return events.announce(request, before, RequestEvents.SERVICE_ACTOR, request.closeReason);
                        }
                        if (request.requestType == RequestType.OPT_OUT_OF_SALE && customerId.isEmpty()) {
                            // consent-service records opt-outs per customer id: an unknown address has none.
                            return reject(request, "no customer is known for the verified address");
                        }
                        return request.approvalRequired ? Uni.createFrom().voidItem() : fulfilment.fulfil(request);
                    });
        }).map(view -> view.orElseThrow(() -> new RequestNotFoundException("no such request")));
    }

    private Uni<Void> reject(SubjectRequest request, String reason) {
        if (request.isClosed()) {
            return Uni.createFrom().voidItem();
        }
        RequestStatus from = request.moveTo(RequestStatus.REJECTED, events.now(), reason);
        return events.announce(request, from, RequestEvents.SERVICE_ACTOR, reason);
    }
}
