package dev.heed.dsr.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.heed.directives.Acknowledgements;
import dev.heed.directives.ManualCompletion;
import dev.heed.directives.DirectiveIssuer;
import dev.heed.directives.DirectiveQueries;
import dev.heed.directives.DirectiveRequest;
import dev.heed.platform.outbox.EventOutbox;
import dev.heed.platform.store.ConcurrentChange;
import dev.heed.platform.web.InvalidInputException;
import dev.heed.dsr.deadline.DeadlineExtension;
import dev.heed.dsr.deadline.ResponseDeadlines;
import dev.heed.dsr.export.ExportParts;
import dev.heed.dsr.hold.ErasureHolds;
import dev.heed.dsr.hold.RequestHold;
import dev.heed.dsr.verification.IdentityVerification;
import dev.heed.dsr.verification.VerificationChannel;
import dev.heed.events.Application;
import dev.heed.events.EventJson;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.dsr.OptOutRequested;
import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestStatus;
import dev.heed.events.dsr.RequestStatusChanged;
import dev.heed.events.dsr.RequestType;
import dev.heed.events.operator.OperatorAction;
import dev.heed.events.subject.SubjectKeys;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Data-subject requests from receipt to fan-out: every status change is stored and published on
 * {@code privacy.dsr.events.v1} in one transaction, and the directive to the systems that hold the
 * data is issued in the transaction that moves the request in progress. Completion comes from the
 * directive's settlement ({@link RequestSettlement}).
 */
@ApplicationScoped
public class SubjectRequests {

    static final String SERVICE_ACTOR = Application.DSR_SERVICE.id();
    /** The actor of what a customer does for themselves, without an account. */
    static final String REQUESTER = "requester";
    /** The close reason of an opt-out of sale or sharing: consent-service records it. */
    static final String FORWARDED = "forwarded to consent-service";
    private static final TypeReference<Map<String, List<String>>> IDENTITIES = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Object>> PARAMETERS = new TypeReference<>() {
    };

    private final EventOutbox outbox;
    private final DirectiveIssuer issuer;
    private final DirectiveQueries directives;
    private final ResponseDeadlines deadlines;
    private final SubjectKeys subjectKeys;
    private final Clock clock;
    private final Set<RequestType> approvalRequired;
    private final Duration answerWithin;
    private final IdentityVerification verification;
    private final IdentityResolver resolver;
    private final ExportParts exportParts;
    private final ErasureHolds holds;
    private final Acknowledgements acknowledgements;
    private final Instance<StatusFollower> followers;

    SubjectRequests(EventOutbox outbox, DirectiveIssuer issuer, DirectiveQueries directives,
            ResponseDeadlines deadlines, SubjectKeys subjectKeys, Clock clock,
            @ConfigProperty(name = "heed.dsr.approval.required-for") Optional<Set<RequestType>> approvalRequired,
            @ConfigProperty(name = "heed.dsr.systems.answer-within", defaultValue = "P7D") Duration answerWithin,
            IdentityVerification verification, IdentityResolver resolver, ExportParts exportParts,
            ErasureHolds holds, Acknowledgements acknowledgements, Instance<StatusFollower> followers) {
        this.outbox = outbox;
        this.issuer = issuer;
        this.directives = directives;
        this.deadlines = deadlines;
        this.subjectKeys = subjectKeys;
        this.clock = clock;
        this.approvalRequired = approvalRequired.orElse(Set.of());
        this.answerWithin = answerWithin;
        this.verification = verification;
        this.resolver = resolver;
        this.exportParts = exportParts;
        this.holds = holds;
        this.acknowledgements = acknowledgements;
        this.followers = followers;
    }

    /** What a submission led to: a new request, or the open one it duplicates. */
    public record Submission(RequestView request, boolean created) {
    }

    /**
     * Files a request whose requester an operator verified: received, verified, and, unless its
     * type needs an approval, in progress with its directive issued, in one transaction. An open
     * request of the same subject and type is returned instead of fanning out twice.
     */
    public Uni<Submission> submit(RequestCommand command, String operator) {
        String subjectKey = subjectKeys.keyOf(command.subjectIdentifier());
        return Panache.withTransaction(() -> SubjectRequest.<SubjectRequest>find(
                        "subjectKey = :subjectKey and requestType = :type and closedAt is null",
                        Parameters.with("subjectKey", subjectKey).and("type", command.type())).firstResult()
                .chain(open -> {
                    if (open != null) {
                        return view(open).map(existing -> new Submission(existing, false));
                    }
                    SubjectRequest request = receive(command, subjectKey, operator);
                    return request.persist()
                            .chain(() -> announce(request, null, operator, null))
                            .chain(() -> verifiedByOperator(request, operator, command.verificationNote()))
                            .chain(() -> request.approvalRequired ? Uni.createFrom().voidItem() : fulfil(request))
                            .chain(() -> view(request)).map(created -> new Submission(created, true));
                }));
    }

    /**
     * A customer asks for themselves: the request is received and waits for the one-time code sent
     * to the address they gave. Nothing reaches a system before that code is entered.
     */
    public Uni<RequestView> receiveFromRequester(RequestType type, Regulation regulation, String email) {
        RequestCommand command = new RequestCommand(type, regulation, null, Map.of("email", List.of(email)), null,
                Map.of(), null);
        return Panache.withTransaction(() -> {
            SubjectRequest request = receive(command, null, REQUESTER);
            return request.persist()
                    .chain(() -> announce(request, null, REQUESTER, null))
                    .chain(() -> {
                        RequestStatus from = request.moveTo(RequestStatus.AWAITING_VERIFICATION, now(), null);
                        return announce(request, from, SERVICE_ACTOR, "one-time code sent");
                    })
                    .chain(() -> verification.challenge(request.id, VerificationChannel.EMAIL, email))
                    .map(challenge -> RequestView.of(request, null, List.of(), clock.instant()));
        });
    }

    /**
     * The requester enters the code. The right one verifies the request, resolves the subject and
     * sends it on as an operator-filed one would be; too many wrong ones reject it.
     */
    public Uni<RequestView> verifyRequester(UUID id, String code) {
        // The guess is counted in a transaction of its own, so nothing after it can undo the count.
        return verification.verify(id, code).chain(attempt -> switch (attempt.outcome()) {
            case VERIFIED -> verifiedByCode(id);
            case WRONG_CODE -> Uni.createFrom().failure(new InvalidInputException("code",
                    "is not the code that was sent; " + attempt.attemptsLeft() + " attempts left"));
            case EXPIRED -> Uni.createFrom().failure(new RequestConflictException("the code has expired"));
            case ALREADY_VERIFIED -> Uni.createFrom().failure(
                    new RequestConflictException("the request is already verified"));
            case LOCKED -> change(id, request -> reject(request, "identity not verified: too many wrong codes"))
                    .chain(() -> Uni.createFrom().failure(
                            new RequestConflictException("too many wrong codes: the request is rejected")));
            case NOT_FOUND -> Uni.createFrom().failure(new jakarta.ws.rs.NotFoundException());
        });
    }

    private Uni<RequestView> verifiedByCode(UUID id) {
        return change(id, request -> {
            if (request.status != RequestStatus.AWAITING_VERIFICATION) {
                throw new RequestConflictException("the request is not waiting for verification");
            }
            Map.Entry<String, List<String>> identity = read(request.identities, IDENTITIES).entrySet().iterator().next();
            String address = identity.getValue().get(0);
            Optional<String> customerId = resolver.customerIdOf(identity.getKey(), address);
            request.subjectKey = subjectKeys.keyOf(customerId.orElse(identity.getKey() + ":" + address));
            request.verifiedAt = now();
            request.verificationMethod = SubjectRequest.VerificationMethod.CODE;
            request.verifiedBy = REQUESTER;
            RequestStatus from = request.moveTo(RequestStatus.VERIFIED, request.verifiedAt, null);
            return announce(request, from, REQUESTER, "one-time code entered").chain(() -> SubjectRequest
                    .<SubjectRequest>find("subjectKey = :subjectKey and requestType = :type and closedAt is null"
                                    + " and id <> :id",
                            Parameters.with("subjectKey", request.subjectKey).and("type", request.requestType)
                                    .and("id", request.id))
                    .firstResult()
                    .chain(open -> {
                        if (open != null) {
                            // The same right, asked again while the first is open: linked, not sent twice.
                            request.duplicateOf = open.id;
                            RequestStatus before = request.moveTo(RequestStatus.CANCELLED, now(),
                                    "duplicate of " + open.id);
                            return announce(request, before, SERVICE_ACTOR, request.closeReason);
                        }
                        if (request.requestType == RequestType.OPT_OUT_OF_SALE && customerId.isEmpty()) {
                            // consent-service records opt-outs per customer id: an unknown address has none.
                            return reject(request, "no customer is known for the verified address");
                        }
                        return request.approvalRequired ? Uni.createFrom().voidItem() : fulfil(request);
                    }));
        }).map(view -> view.orElseThrow(jakarta.ws.rs.NotFoundException::new));
    }

    /**
     * A request whose requester someone outside Heed verified (an OpenDSR controller: verification is
     * its duty there). Received and verified in the caller's transaction, the verification recorded
     * as a waiver naming {@code actor}; it waits {@code VERIFIED} until {@link #release} sends it on.
     *
     * @param subjectIdentifier what the subject key is made of (a customer id, or {@code kind:value})
     * @param identities what the systems match on when they do not know the customer id
     */
    public Uni<SubjectRequest> receiveVerified(RequestType type, Regulation regulation, String subjectIdentifier,
            Map<String, List<String>> identities, String actor, String note) {
        RequestCommand command = new RequestCommand(type, regulation, null, identities, null, Map.of(), note);
        SubjectRequest request = receive(command, subjectKeys.keyOf(subjectIdentifier), actor);
        return request.persist()
                .chain(() -> announce(request, null, actor, null))
                .chain(() -> {
                    request.verifiedAt = now();
                    request.verificationMethod = SubjectRequest.VerificationMethod.WAIVED;
                    request.verifiedBy = actor;
                    request.verificationNote = note;
                    RequestStatus from = request.moveTo(RequestStatus.VERIFIED, request.verifiedAt, null);
                    return verification.waive(request.id, actor, note).chain(() -> announce(request, from, actor, note));
                })
                .replaceWith(request);
    }

    /** Sends a verified request held back by its submitter on to the systems (or to approval). */
    public Uni<Void> release(UUID id) {
        return change(id, request -> request.status == RequestStatus.VERIFIED && !request.approvalRequired
                ? fulfil(request) : Uni.createFrom().voidItem()).replaceWithVoid();
    }

    /**
     * Cancels a request for whoever filed it outside Heed, while no system has it yet.
     *
     * @return the request's status afterwards: {@code CANCELLED}, or the status that kept it from being cancelled
     */
    public Uni<Optional<RequestStatus>> cancelForSubmitter(UUID id, String actor, String reason) {
        return change(id, request -> {
            if (request.isClosed() || request.status == RequestStatus.IN_PROGRESS
                    || request.status == RequestStatus.ON_HOLD) {
                return Uni.createFrom().voidItem();
            }
            RequestStatus from = request.moveTo(RequestStatus.CANCELLED, now(), reason);
            return announce(request, from, actor, reason);
        }).map(view -> view.map(RequestView::status));
    }

    private Uni<Void> reject(SubjectRequest request, String reason) {
        if (request.isClosed()) {
            return Uni.createFrom().voidItem();
        }
        RequestStatus from = request.moveTo(RequestStatus.REJECTED, now(), reason);
        return announce(request, from, SERVICE_ACTOR, reason);
    }

    /** An operator other than the one who filed it approves a request that needs approval. */
    public Uni<Optional<RequestView>> approve(UUID id, String operator, String role) {
        return change(id, request -> {
            if (request.status != RequestStatus.VERIFIED || !request.approvalRequired) {
                throw new RequestConflictException("only a verified request that needs approval can be approved");
            }
            if (request.submittedBy.equals(operator)) {
                throw new RequestConflictException("the operator who filed a request cannot approve it");
            }
            request.approvedBy = operator;
            request.approvedAt = now();
            return operatorAction(request, operator, role, "request.approved", null).chain(() -> fulfil(request));
        });
    }

    /** Cancels a request that has not reached any system yet. */
    public Uni<Optional<RequestView>> cancel(UUID id, String operator, String role, String reason) {
        return change(id, request -> {
            if (request.isClosed() || request.status == RequestStatus.IN_PROGRESS
                    || request.status == RequestStatus.ON_HOLD) {
                throw new RequestConflictException("only a request that has not been sent to the systems can be cancelled");
            }
            RequestStatus from = request.moveTo(RequestStatus.CANCELLED, now(), reason);
            return operatorAction(request, operator, role, "request.cancelled", reason)
                    .chain(() -> announce(request, from, operator, reason));
        });
    }

    /** Extends the deadline as far as the law allows for the request's regulation and type, once. */
    public Uni<Optional<RequestView>> extend(UUID id, String operator, String role, String reason) {
        return change(id, request -> {
            if (request.isClosed()) {
                throw new RequestConflictException("a closed request cannot be extended");
            }
            var rule = deadlines.rule(request.regulation, request.requestType);
            if (!rule.extensionAllowed()) {
                throw new InvalidInputException("reason", "the law allows no extension for this request");
            }
            request.extendedDueAt = deadlines.extendedDueAt(request.regulation, request.requestType, request.receivedAt,
                    new DeadlineExtension(rule.extendableBy(), reason, clock.instant()), request.extendedDueAt != null);
            request.extensionReason = reason;
            // The customer is told: the event names the new deadline in its reason.
            return operatorAction(request, operator, role, "request.extended",
                    reason + " (due " + request.extendedDueAt + ")");
        });
    }

    /**
     * An operator answers for a system handled by hand, through the directive mechanism's own
     * transition ({@link Acknowledgements#completeByHand}): the request settles as if the system had
     * acknowledged, and the operator action (no note: it is free text) commits with it.
     */
    public Uni<Optional<RequestView>> completeTask(UUID id, String systemId, ManualCompletion completion,
            String role) {
        return change(id, request -> {
            if (request.directiveId == null) {
                throw new jakarta.ws.rs.NotFoundException();
            }
            return acknowledgements.completeByHand(request.directiveId, systemId, completion)
                    .chain(disposition -> switch (disposition) {
                        case APPLIED, APPLIED_LATE -> operatorAction(request, completion.operator(), role,
                                "task.completed", completion.outcome().name(), systemId);
                        case ALREADY_ANSWERED -> Uni.createFrom().failure(
                                new RequestConflictException("the system's task already has an answer"));
                        default -> Uni.createFrom().failure(new jakarta.ws.rs.NotFoundException());
                    });
        });
    }

    /** Issues a held erasure again once the holds it waited for are released ({@code HoldReleaseJob}). */
    public Uni<Void> resume(UUID id) {
        return change(id, request -> request.status == RequestStatus.ON_HOLD ? fulfil(request)
                : Uni.createFrom().voidItem()).replaceWithVoid();
    }

    public Uni<Optional<RequestView>> find(UUID id) {
        return Panache.withSession(() -> SubjectRequest.<SubjectRequest>findById(id)
                .chain(request -> request == null ? Uni.createFrom().item(Optional.<RequestView>empty())
                        : view(request).map(Optional::of)));
    }

    /**
     * Open requests past their deadline, most overdue first, those {@code ON_HOLD} included (the legal
     * deadline keeps running; their holds say why they wait); or the requests in one status, newest first.
     */
    public Uni<List<RequestView>> list(Optional<RequestStatus> status, boolean overdue, int limit) {
        return Panache.withSession(() -> {
            Uni<List<SubjectRequest>> found = overdue
                    ? SubjectRequest.<SubjectRequest>find("closedAt is null and coalesce(extendedDueAt, dueAt) < :now",
                            Sort.by("dueAt"), Parameters.with("now", clock.instant())).page(0, limit).list()
                    : status.map(s -> SubjectRequest.<SubjectRequest>find("status", Sort.descending("receivedAt"), s))
                            .orElseGet(() -> SubjectRequest.findAll(Sort.descending("receivedAt")))
                            .page(0, limit).list();
            return found.chain(requests -> RequestHold.heldBy(requests.stream().map(request -> request.id).toList())
                    .map(holds -> requests.stream().map(request -> RequestView.of(request, null,
                            holds.getOrDefault(request.id, List.of()), clock.instant())).toList()));
        });
    }

    private Uni<Optional<RequestView>> change(UUID id, java.util.function.Function<SubjectRequest, Uni<Void>> change) {
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> SubjectRequest.<SubjectRequest>findById(id)
                        .chain(request -> request == null ? Uni.createFrom().item(Optional.<RequestView>empty())
                                : change.apply(request).chain(() -> view(request)).map(Optional::of))))
                .onFailure(ConcurrentChange::detected).retry().atMost(ConcurrentChange.RETRIES);
    }

    private SubjectRequest receive(RequestCommand command, String subjectKey, String operator) {
        Instant now = now();
        SubjectRequest request = new SubjectRequest();
        request.id = UUID.randomUUID();
        request.requestType = command.type();
        request.regulation = command.regulation();
        request.status = RequestStatus.RECEIVED;
        request.subjectKey = subjectKey;
        request.identities = command.identities().isEmpty() ? null : json(command.identities());
        request.parameters = command.parameters().isEmpty() ? null : json(command.parameters());
        request.purposeId = command.purposeId();
        request.receivedAt = now;
        request.dueAt = deadlines.dueAt(command.regulation(), command.type(), now);
        request.approvalRequired = approvalRequired.contains(command.type());
        request.submittedBy = operator;
        return request;
    }

    private Uni<Void> verifiedByOperator(SubjectRequest request, String operator, String note) {
        request.verifiedAt = now();
        request.verificationMethod = SubjectRequest.VerificationMethod.OPERATOR;
        request.verifiedBy = operator;
        request.verificationNote = note;
        RequestStatus from = request.moveTo(RequestStatus.VERIFIED, request.verifiedAt, null);
        return verification.waive(request.id, operator, note)
                .chain(() -> announce(request, from, operator, "identity verified by the operator"));
    }

    /**
     * In progress: the directive goes to every system that handles this kind of request. Systems
     * must answer within {@code heed.dsr.systems.answer-within}, well before the legal deadline,
     * so that an overdue system is chased while there is still time.
     */
    private Uni<Void> fulfil(SubjectRequest request) {
        if (request.requestType == RequestType.OPT_OUT_OF_SALE) {
            return forwardOptOut(request);
        }
        Instant systemsDue = clock.instant().plus(answerWithin);
        DirectiveRequest directive = DirectiveRequest.about(kindOf(request.requestType), request.subjectKey)
                .reference(request.id.toString())
                .purpose(request.purposeId)
                .deadline(systemsDue.isBefore(request.deadline()) ? systemsDue : request.deadline());
        if (request.identities != null) {
            directive = directive.identities(read(request.identities, IDENTITIES));
        }
        if (request.parameters != null) {
            directive = directive.parameters(read(request.parameters, PARAMETERS));
        }
        directive = exportParts.withUploadUrl(directive);
        return holds.retain(request, directive).chain(issuer::issue).chain(issued -> {
            request.directiveId = issued.id();
            RequestStatus from = request.moveTo(RequestStatus.IN_PROGRESS, now(), null);
            return announce(request, from, SERVICE_ACTOR, issued.tasks().size() + " systems asked");
        });
    }

    /**
     * consent-service owns opt-outs of sale or sharing: the request is forwarded to it as an event,
     * in the transaction that closes it, instead of being sent to the systems. consent-service then
     * stops processing for every purpose that sells or shares, through its own fan-out.
     */
    private Uni<Void> forwardOptOut(SubjectRequest request) {
        Instant at = now();
        OptOutRequested optOut = new OptOutRequested(request.id, request.subjectKey, request.regulation,
                request.verifiedAt, at);
        RequestStatus from = request.moveTo(RequestStatus.COMPLETED, at, FORWARDED);
        return outbox.append(Topics.DSR_EVENTS,
                        HeedEvent.of(EventType.DSR_OPT_OUT_REQUESTED, Application.DSR_SERVICE.source(), at, optOut))
                .chain(() -> announce(request, from, SERVICE_ACTOR, FORWARDED));
    }

    static DirectiveKind kindOf(RequestType type) {
        return switch (type) {
            case ACCESS, PORTABILITY -> DirectiveKind.EXPORT;
            case ERASURE -> DirectiveKind.ERASE;
            case RECTIFICATION -> DirectiveKind.RECTIFY;
            case RESTRICTION -> DirectiveKind.RESTRICT;
            case OBJECTION -> DirectiveKind.STOP_PROCESSING;
            case OPT_OUT_OF_SALE -> throw new IllegalArgumentException("an opt-out is forwarded to consent-service");
        };
    }

    public Uni<Void> announce(SubjectRequest request, RequestStatus from, String actor, String reason) {
        Instant at = now();
        RequestStatusChanged changed = new RequestStatusChanged(request.id, request.subjectKey, request.requestType,
                request.regulation, from, request.status, actor, reason, at);
        return outbox.append(Topics.DSR_EVENTS,
                        HeedEvent.of(EventType.DSR_STATUS_CHANGED, Application.DSR_SERVICE.source(), at, changed))
                .chain(() -> Multi.createFrom().iterable(followers)
                        .onItem().transformToUniAndConcatenate(follower -> follower.statusChanged(request, from))
                        .collect().last().replaceWithVoid());
    }

    private Uni<Void> operatorAction(SubjectRequest request, String operator, String role, String action,
            String reason) {
        return operatorAction(request, operator, role, action, reason, null);
    }

    private Uni<Void> operatorAction(SubjectRequest request, String operator, String role, String action,
            String reason, String systemId) {
        Instant at = now();
        OperatorAction performed = new OperatorAction(UUID.randomUUID(), operator, role, action,
                request.id.toString(), request.subjectKey, reason, systemId, at);
        return outbox.append(Topics.DSR_EVENTS,
                HeedEvent.of(EventType.DSR_OPERATOR_ACTION, Application.DSR_SERVICE.source(), at, performed));
    }

    private Uni<RequestView> view(SubjectRequest request) {
        Uni<Optional<dev.heed.directives.Directive>> directive = request.directiveId == null
                ? Uni.createFrom().item(Optional.empty()) : directives.find(request.directiveId);
        return directive.chain(found -> RequestHold.heldBy(List.of(request.id))
                .map(holds -> RequestView.of(request, found.orElse(null), holds.getOrDefault(request.id, List.of()),
                        clock.instant())));
    }

    /** PostgreSQL keeps microseconds: events carry times exactly as stored. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static String json(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not writable as JSON", e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return EventJson.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored request does not parse", e);
        }
    }
}
