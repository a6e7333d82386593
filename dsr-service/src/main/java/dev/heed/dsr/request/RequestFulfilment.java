package dev.heed.dsr.request;

import dev.heed.directives.DirectiveIssuer;
import dev.heed.directives.DirectiveRequest;
import dev.heed.dsr.export.ExportParts;
import dev.heed.dsr.hold.ErasureHolds;
import dev.heed.events.Application;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.dsr.OptOutRequested;
import dev.heed.events.dsr.RequestStatus;
import dev.heed.events.dsr.RequestType;
import dev.heed.platform.outbox.EventOutbox;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends a request on: in progress with the directive to the systems that hold the data, issued in
 * the transaction that moves it; an opt-out of sale or sharing is forwarded to consent-service instead.
 */
@ApplicationScoped
public class RequestFulfilment {

    /** The close reason of an opt-out of sale or sharing: consent-service records it. */
    static final String FORWARDED = "forwarded to consent-service";

    private final DirectiveIssuer issuer;
    private final EventOutbox outbox;
    private final ExportParts exportParts;
    private final ErasureHolds holds;
    private final RequestEvents events;
    private final RequestChanges changes;
    private final Clock clock;
    private final Duration answerWithin;

    RequestFulfilment(DirectiveIssuer issuer, EventOutbox outbox, ExportParts exportParts, ErasureHolds holds,
            RequestEvents events, RequestChanges changes, Clock clock,
            @ConfigProperty(name = "heed.dsr.systems.answer-within", defaultValue = "P7D") Duration answerWithin) {
        this.issuer = issuer;
        this.outbox = outbox;
        this.exportParts = exportParts;
        this.holds = holds;
        this.events = events;
        this.changes = changes;
        this.clock = clock;
        this.answerWithin = answerWithin;
    }

    /** Sends a verified request held back by its submitter on to the systems (or to approval). */
    public Uni<Void> release(UUID id) {
        return changes.change(id, request -> request.status == RequestStatus.VERIFIED && !request.approvalRequired
                ? fulfil(request) : Uni.createFrom().voidItem()).replaceWithVoid();
    }

    /** Issues a held erasure again once the holds it waited for are released ({@code HoldReleaseJob}). */
    public Uni<Void> resume(UUID id) {
        return changes.change(id, request -> request.status == RequestStatus.ON_HOLD ? fulfil(request)
                : Uni.createFrom().voidItem()).replaceWithVoid();
    }

    /**
     * In progress: the directive goes to every system that handles this kind of request. Systems
     * must answer within {@code heed.dsr.systems.answer-within}, well before the legal deadline,
     * so that an overdue system is chased while there is still time.
     */
    Uni<Void> fulfil(SubjectRequest request) {
        if (request.requestType == RequestType.OPT_OUT_OF_SALE) {
            return forwardOptOut(request);
        }
        Instant systemsDue = clock.instant().plus(answerWithin);
        DirectiveRequest directive = DirectiveRequest.about(kindOf(request.requestType), request.subjectKey)
                .reference(request.id.toString())
                .purpose(request.purposeId)
                .deadline(systemsDue.isBefore(request.deadline()) ? systemsDue : request.deadline());
        if (request.identities != null) {
            directive = directive.identities(RequestJson.identities(request.identities));
        }
        if (request.parameters != null) {
            directive = directive.parameters(RequestJson.parameters(request.parameters));
        }
        directive = exportParts.withUploadUrl(directive);
        return holds.retain(request, directive).chain(issuer::issue).chain(issued -> {
            request.directiveId = issued.id();
            RequestStatus from = request.moveTo(RequestStatus.IN_PROGRESS, events.now(), null);
            return events.announce(request, from, RequestEvents.SERVICE_ACTOR, issued.tasks().size() + " systems asked");
        });
    }

    /**
     * consent-service owns opt-outs of sale or sharing: the request is forwarded to it as an event,
     * in the transaction that closes it, instead of being sent to the systems. consent-service then
     * stops processing for every purpose that sells or shares, through its own fan-out.
     */
    private Uni<Void> forwardOptOut(SubjectRequest request) {
        Instant at = events.now();
        OptOutRequested optOut = new OptOutRequested(request.id, request.subjectKey, request.regulation,
                request.verifiedAt, at);
        RequestStatus from = request.moveTo(RequestStatus.COMPLETED, at, FORWARDED);
        return outbox.append(Topics.DSR_EVENTS,
                        HeedEvent.of(EventType.DSR_OPT_OUT_REQUESTED, Application.DSR_SERVICE.source(), at, optOut))
                .chain(() -> events.announce(request, from, RequestEvents.SERVICE_ACTOR, FORWARDED));
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
}
