package dev.heed.retention.hold;

import dev.heed.platform.outbox.EventOutbox;
import dev.heed.platform.store.ConcurrentChange;
import dev.heed.events.Application;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.operator.OperatorAction;
import dev.heed.events.retention.HoldReleased;
import dev.heed.events.subject.SubjectKeys;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Legal holds: each placement and release is stored and published in one transaction through the
 * outbox. The active hold goes to the compacted {@link Topics#LEGAL_HOLDS} (a release tombstones
 * it), and because a compacted record disappears, both also go to {@link Topics#RETENTION_EVENTS}
 * naming the actor, for the audit log. Review dates are calendar days in UTC.
 */
@ApplicationScoped
public class LegalHolds {

    /** The operator action a placement is recorded as. */
    public static final String PLACED = "hold.placed";

    private final EventOutbox outbox;
    private final SubjectKeys subjectKeys;
    private final Clock clock;
    private final LegalHoldRepository repository;

    LegalHolds(EventOutbox outbox, SubjectKeys subjectKeys, Clock clock, LegalHoldRepository repository) {
        this.outbox = outbox;
        this.subjectKeys = subjectKeys;
        this.clock = clock;
        this.repository = repository;
    }

    /** Checks the rules of the placement's scope first: bad input writes nothing. */
    public Uni<HoldResponse> place(HoldPlacement placement, String actor, String role) {
        HoldDefinition definition = placement.toDefinition(today());
        List<String> keys = definition.customerIds().stream().map(subjectKeys::keyOf).toList();
        return Panache.withTransaction(() -> {
            Instant now = now();
            PlacedHold hold = PlacedHold.place(definition, keys, actor, now);
            OperatorAction placed = new OperatorAction(UUID.randomUUID(), actor, role, PLACED, hold.id.toString(),
                    keys.size() == 1 ? keys.get(0) : null, hold.caseReference + ": " + hold.reason, now);
            return repository.persist(hold)
                    .chain(() -> outbox.append(Topics.LEGAL_HOLDS, hold.id.toString(), HeedEvent.of(
                            EventType.RETENTION_HOLD_PLACED, Application.RETENTION_SERVICE.source(), now,
                            hold.toEvent())))
                    .chain(() -> outbox.append(Topics.RETENTION_EVENTS, hold.id.toString(), HeedEvent.of(
                            EventType.RETENTION_OPERATOR_ACTION, Application.RETENTION_SERVICE.source(), now, placed)))
                    .map(ignored -> HoldResponse.of(hold, today()));
        });
    }

    /**
     * Releases an active hold.
     *
     * @return the released hold, or empty when there is no such hold
     * @throws HoldConflictException (in the Uni) when it was released already
     */
    public Uni<Optional<HoldResponse>> release(UUID id, String reason, String actor) {
        return Uni.createFrom().deferred(() -> releaseOnce(id, reason, actor))
                .onFailure(ConcurrentChange::detected).retry().atMost(ConcurrentChange.RETRIES);
    }

    private Uni<Optional<HoldResponse>> releaseOnce(UUID id, String reason, String actor) {
        return Panache.withTransaction(() -> repository.findById(id).chain(hold -> {
            if (hold == null) {
                return Uni.createFrom().item(Optional.<HoldResponse>empty());
            }
            if (!hold.isActive()) {
                return Uni.createFrom().failure(new HoldConflictException("the hold was released already"));
            }
            Instant now = now();
            hold.release(actor, reason, now);
            HoldReleased released = new HoldReleased(hold.id, actor, reason, now);
            return outbox.appendTombstone(Topics.LEGAL_HOLDS, hold.id.toString())
                    .chain(() -> outbox.append(Topics.RETENTION_EVENTS, hold.id.toString(), HeedEvent.of(
                            EventType.RETENTION_HOLD_RELEASED, Application.RETENTION_SERVICE.source(), now, released)))
                    .map(ignored -> Optional.of(HoldResponse.of(hold, today())));
        }));
    }

    public Uni<Optional<HoldResponse>> find(UUID id) {
        LocalDate today = today();
        return Panache.withSession(() -> repository.findById(id))
                .map(hold -> Optional.ofNullable(hold).map(found -> HoldResponse.of(found, today)));
    }

    /**
     * Holds, newest first.
     *
     * @param active only active ({@code true}) or only released ({@code false}) holds; all when empty
     * @param reviewOverdue only active holds whose review date has passed
     */
    public Uni<List<HoldResponse>> list(Optional<Boolean> active, boolean reviewOverdue, int limit) {
        LocalDate today = today();
        return Panache.withSession(() -> repository.newestFirst(active, reviewOverdue, today, limit))
                .map(holds -> holds.stream().map(hold -> HoldResponse.of(hold, today)).toList());
    }

    /** Active holds and, of them, those overdue for review. */
    public Uni<HoldCounts> counts() {
        LocalDate today = today();
        return Panache.withSession(() -> repository.countActive()
                .chain(active -> repository.countReviewOverdue(today)
                        .map(overdue -> new HoldCounts(active, overdue))));
    }

    public record HoldCounts(long active, long reviewOverdue) {
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** PostgreSQL keeps microseconds: the events carry the times exactly as stored. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
