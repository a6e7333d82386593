package dev.heed.dsr.hold;

import dev.heed.directives.Directive;
import dev.heed.directives.DirectiveTask;
import dev.heed.platform.outbox.EventOutbox;
import dev.heed.dsr.request.SubjectRequest;
import dev.heed.dsr.request.RequestEvents;
import dev.heed.dsr.request.SubjectRequestRepository;
import dev.heed.events.Application;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.directive.DirectiveOutcome;
import dev.heed.events.dsr.RequestStatus;
import dev.heed.events.dsr.SubjectErased;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * When a held erasure's directive settles, the request does not close: everything not held was
 * erased ({@code subject-erased} says partially completed), and the request waits {@code ON_HOLD},
 * identities kept, until {@link HoldReleaseJob} issues the erasure again.
 */
@ApplicationScoped
public class HeldErasures {

    private final RequestEvents events;
    private final SubjectRequestRepository requests;
    private final RequestHoldRepository requestHolds;
    private final EventOutbox outbox;
    private final Clock clock;

    HeldErasures(RequestEvents events, SubjectRequestRepository requests, RequestHoldRepository requestHolds,
            EventOutbox outbox, Clock clock) {
        this.requestHolds = requestHolds;
        this.events = events;
        this.requests = requests;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Puts the directive's request on hold if it waits for holds; otherwise settles it with {@code otherwise}. */
    public Uni<Void> settle(Directive directive, Function<Directive, Uni<Void>> otherwise) {
        if (directive.kind() != DirectiveKind.ERASE) {
            return otherwise.apply(directive);
        }
        return requests.byDirective(directive.id()).chain(request -> {
            if (request == null || request.status != RequestStatus.IN_PROGRESS) {
                return otherwise.apply(directive);
            }
            return requestHolds.of(request.id)
                    .chain(holds -> holds.isEmpty() ? otherwise.apply(directive)
                            : putOnHold(request, directive, holds));
        });
    }

    private Uni<Void> putOnHold(SubjectRequest request, Directive directive, List<RequestHold> holds) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Set<String> confirmed = systems(directive.tasks(), true);
        Set<String> unconfirmed = systems(directive.tasks(), false);
        String erasedBy = unconfirmed.isEmpty() ? confirmed.size() + " systems confirmed"
                : "not confirmed by " + String.join(", ", unconfirmed.stream().sorted().toList());
        String reason = "partially completed: " + erasedBy + "; held by "
                + holds.stream().map(RequestHold::described).collect(Collectors.joining("; held by "));
        RequestStatus from = request.moveTo(RequestStatus.ON_HOLD, now, reason);
        // The rest is erased now; the held part follows when the erasure is issued again.
        SubjectErased erased = new SubjectErased(request.id, request.subjectKey, directive.id(),
                DirectiveOutcome.PARTIALLY_COMPLETED, confirmed, unconfirmed, now);
        return events.announce(request, from, Application.DSR_SERVICE.id(), reason)
                .chain(() -> outbox.append(Topics.DSR_EVENTS,
                        HeedEvent.of(EventType.DSR_SUBJECT_ERASED, Application.DSR_SERVICE.source(), now, erased)));
    }

    private static Set<String> systems(List<DirectiveTask> tasks, boolean confirmed) {
        return tasks.stream()
                .filter(task -> task.state().isSuccessful() == confirmed)
                .map(DirectiveTask::systemId)
                .collect(Collectors.toSet());
    }
}
