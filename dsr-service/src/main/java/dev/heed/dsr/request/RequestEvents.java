package dev.heed.dsr.request;

import dev.heed.events.Application;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.dsr.RequestStatus;
import dev.heed.events.dsr.RequestStatusChanged;
import dev.heed.events.operator.OperatorAction;
import dev.heed.platform.outbox.EventOutbox;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * What every lifecycle step publishes on {@code privacy.dsr.events.v1}, in the transaction of the
 * change: status changes (which the {@link StatusFollower}s hear too) and operator actions.
 */
@ApplicationScoped
public class RequestEvents {

    public static final String SERVICE_ACTOR = Application.DSR_SERVICE.id();
    /** The actor of what a customer does for themselves, without an account. */
    static final String REQUESTER = "requester";

    private final EventOutbox outbox;
    private final Clock clock;
    private final Instance<StatusFollower> followers;

    RequestEvents(EventOutbox outbox, Clock clock, Instance<StatusFollower> followers) {
        this.outbox = outbox;
        this.clock = clock;
        this.followers = followers;
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

    Uni<Void> operatorAction(SubjectRequest request, String operator, String role, String action, String reason) {
        return operatorAction(request, operator, role, action, reason, null);
    }

    Uni<Void> operatorAction(SubjectRequest request, String operator, String role, String action, String reason,
            String systemId) {
        Instant at = now();
        OperatorAction performed = new OperatorAction(UUID.randomUUID(), operator, role, action,
                request.id.toString(), request.subjectKey, reason, systemId, at);
        return outbox.append(Topics.DSR_EVENTS,
                HeedEvent.of(EventType.DSR_OPERATOR_ACTION, Application.DSR_SERVICE.source(), at, performed));
    }

    /** PostgreSQL keeps microseconds: events carry times exactly as stored. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
