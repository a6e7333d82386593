package dev.heed.dsr.request;

import dev.heed.directives.Directive;
import dev.heed.directives.DirectiveState;
import dev.heed.directives.DirectiveTask;
import dev.heed.platform.outbox.EventOutbox;
import dev.heed.directives.DirectiveSettlementListener;
import dev.heed.dsr.export.ExportPackages;
import dev.heed.dsr.hold.HeldErasures;
import dev.heed.events.Application;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.directive.DirectiveOutcome;
import dev.heed.events.dsr.RequestStatus;
import dev.heed.events.dsr.RequestType;
import dev.heed.events.dsr.SubjectErased;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Ends a request when its directive settles, in the settling transaction: completed when every
 * system confirmed, partially completed naming those that failed or did not answer. An erasure
 * also publishes {@code dev.heed.dsr.subject-erased.v1}, which consent-service and the others act on.
 */
@ApplicationScoped
public class RequestSettlement implements DirectiveSettlementListener {

    private final RequestEvents events;
    private final SubjectRequestRepository requests;
    private final EventOutbox outbox;
    private final Clock clock;
    private final ExportPackages packages;
    private final HeldErasures held;

    RequestSettlement(RequestEvents events, SubjectRequestRepository requests, EventOutbox outbox, Clock clock, ExportPackages packages,
            HeldErasures held) {
        this.events = events;
        this.requests = requests;
        this.outbox = outbox;
        this.clock = clock;
        this.packages = packages;
        this.held = held;
    }

    @Override
    public Uni<Void> settled(Directive directive) {
        // An access request's package is assembled first. An erasure under legal hold waits on hold instead of closing.
        return packages.assemble(directive).chain(() -> held.settle(directive, this::close));
    }

    private Uni<Void> close(Directive directive) {
        return requests.byDirective(directive.id()).chain(request -> {
            if (request == null || request.isClosed()) {
                return Uni.createFrom().voidItem();
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            boolean complete = directive.state() == DirectiveState.COMPLETED;
            Set<String> confirmed = systems(directive.tasks(), true);
            Set<String> unconfirmed = systems(directive.tasks(), false);
            String reason = complete ? confirmed.size() + " systems confirmed"
                    : "not confirmed by " + String.join(", ", unconfirmed.stream().sorted().toList());
            RequestStatus from = request.moveTo(complete ? RequestStatus.COMPLETED : RequestStatus.PARTIALLY_COMPLETED,
                    now, reason);
            Uni<Void> announced = events.announce(request, from, RequestEvents.SERVICE_ACTOR, reason);
            if (request.requestType != RequestType.ERASURE) {
                return announced;
            }
            SubjectErased erased = new SubjectErased(request.id, request.subjectKey, directive.id(),
                    complete ? DirectiveOutcome.COMPLETED : DirectiveOutcome.PARTIALLY_COMPLETED, confirmed,
                    unconfirmed, now);
            return announced.chain(() -> outbox.append(Topics.DSR_EVENTS,
                    HeedEvent.of(EventType.DSR_SUBJECT_ERASED, Application.DSR_SERVICE.source(), now, erased)));
        });
    }

    private static Set<String> systems(List<DirectiveTask> tasks, boolean confirmed) {
        return tasks.stream()
                .filter(task -> task.state().isSuccessful() == confirmed)
                .map(DirectiveTask::systemId)
                .collect(Collectors.toSet());
    }
}
