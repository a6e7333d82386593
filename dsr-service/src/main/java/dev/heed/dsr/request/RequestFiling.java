package dev.heed.dsr.request;

import dev.heed.dsr.deadline.ResponseDeadlines;
import dev.heed.dsr.verification.IdentityVerification;
import dev.heed.dsr.verification.VerificationChannel;
import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestStatus;
import dev.heed.events.dsr.RequestType;
import dev.heed.events.subject.SubjectKeys;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request is filed: by an operator who verified the requester, by the requester themselves
 * (verified by a one-time code later), or by someone outside Heed who verified them (an OpenDSR
 * controller). Every status change is stored and published in one transaction.
 */
@ApplicationScoped
public class RequestFiling {

    private final SubjectRequestRepository requests;
    private final RequestEvents events;
    private final RequestFulfilment fulfilment;
    private final RequestListing listing;
    private final ResponseDeadlines deadlines;
    private final SubjectKeys subjectKeys;
    private final IdentityVerification verification;
    private final Clock clock;
    private final Set<RequestType> approvalRequired;

    RequestFiling(SubjectRequestRepository requests, RequestEvents events, RequestFulfilment fulfilment,
            RequestListing listing, ResponseDeadlines deadlines, SubjectKeys subjectKeys,
            IdentityVerification verification, Clock clock,
            @ConfigProperty(name = "heed.dsr.approval.required-for") Optional<Set<RequestType>> approvalRequired) {
        this.requests = requests;
        this.events = events;
        this.fulfilment = fulfilment;
        this.listing = listing;
        this.deadlines = deadlines;
        this.subjectKeys = subjectKeys;
        this.verification = verification;
        this.clock = clock;
        this.approvalRequired = approvalRequired.orElse(Set.of());
    }

    /** What a submission led to: a new request, or the open one it duplicates. */
    public record Submission(RequestResponse request, boolean created) {
    }

    /**
     * Files a request whose requester an operator verified: received, verified, and, unless its
     * type needs an approval, in progress with its directive issued, in one transaction. An open
     * request of the same subject and type is returned instead of fanning out twice.
     */
    public Uni<Submission> submit(RequestCommand command, String operator) {
        String subjectKey = subjectKeys.keyOf(command.subjectIdentifier());
        return Panache.withTransaction(() -> requests.openOf(subjectKey, command.type()).chain(open -> {
            if (open != null) {
                return listing.response(open).map(existing -> new Submission(existing, false));
            }
            SubjectRequest request = receive(command, subjectKey, operator);
            return requests.persist(request)
                    .chain(() -> events.announce(request, null, operator, null))
                    .chain(() -> verifiedByOperator(request, operator, command.verificationNote()))
                    .chain(() -> request.approvalRequired ? Uni.createFrom().voidItem() : fulfilment.fulfil(request))
                    .chain(() -> listing.response(request)).map(created -> new Submission(created, true));
        }));
    }

    /**
     * A customer asks for themselves: the request is received and waits for the one-time code sent
     * to the address they gave. Nothing reaches a system before that code is entered.
     */
    public Uni<RequestResponse> receiveFromRequester(RequestType type, Regulation regulation, String email) {
        RequestCommand command = new RequestCommand(type, regulation, null, Map.of("email", List.of(email)), null,
                Map.of(), null);
        return Panache.withTransaction(() -> {
            SubjectRequest request = receive(command, null, RequestEvents.REQUESTER);
            return requests.persist(request)
                    .chain(() -> events.announce(request, null, RequestEvents.REQUESTER, null))
                    .chain(() -> {
                        RequestStatus from = request.moveTo(RequestStatus.AWAITING_VERIFICATION, events.now(), null);
                        return events.announce(request, from, RequestEvents.SERVICE_ACTOR, "one-time code sent");
                    })
                    .chain(() -> verification.challenge(request.id, VerificationChannel.EMAIL, email))
                    .map(challenge -> RequestResponse.of(request, null, List.of(), clock.instant()));
        });
    }

    /**
     * A request whose requester someone outside Heed verified (an OpenDSR controller: verification is
     * its duty there). Received and verified in the caller's transaction, the verification recorded
     * as a waiver naming {@code actor}; it waits {@code VERIFIED} until {@link RequestFulfilment#release}
     * sends it on.
     *
     * @param subjectIdentifier what the subject key is made of (a customer id, or {@code kind:value})
     * @param identities what the systems match on when they do not know the customer id
     */
    public Uni<SubjectRequest> receiveVerified(RequestType type, Regulation regulation, String subjectIdentifier,
            Map<String, List<String>> identities, String actor, String note) {
        RequestCommand command = new RequestCommand(type, regulation, null, identities, null, Map.of(), note);
        SubjectRequest request = receive(command, subjectKeys.keyOf(subjectIdentifier), actor);
        return requests.persist(request)
                .chain(() -> events.announce(request, null, actor, null))
                .chain(() -> {
                    request.verifiedAt = events.now();
                    request.verificationMethod = SubjectRequest.VerificationMethod.WAIVED;
                    request.verifiedBy = actor;
                    request.verificationNote = note;
                    RequestStatus from = request.moveTo(RequestStatus.VERIFIED, request.verifiedAt, null);
                    return verification.waive(request.id, actor, note)
                            .chain(() -> events.announce(request, from, actor, note));
                })
                .replaceWith(request);
    }

    private SubjectRequest receive(RequestCommand command, String subjectKey, String operator) {
        Instant now = events.now();
        SubjectRequest request = new SubjectRequest();
        request.id = UUID.randomUUID();
        request.requestType = command.type();
        request.regulation = command.regulation();
        request.status = RequestStatus.RECEIVED;
        request.subjectKey = subjectKey;
        request.identities = command.identities().isEmpty() ? null : RequestJson.write(command.identities());
        request.parameters = command.parameters().isEmpty() ? null : RequestJson.write(command.parameters());
        request.purposeId = command.purposeId();
        request.receivedAt = now;
        request.dueAt = deadlines.dueAt(command.regulation(), command.type(), now);
        request.approvalRequired = approvalRequired.contains(command.type());
        request.submittedBy = operator;
        return request;
    }

    private Uni<Void> verifiedByOperator(SubjectRequest request, String operator, String note) {
        request.verifiedAt = events.now();
        request.verificationMethod = SubjectRequest.VerificationMethod.OPERATOR;
        request.verifiedBy = operator;
        request.verificationNote = note;
        RequestStatus from = request.moveTo(RequestStatus.VERIFIED, request.verifiedAt, null);
        return verification.waive(request.id, operator, note)
                .chain(() -> events.announce(request, from, operator, "identity verified by the operator"));
    }
}
