package dev.heed.consent.purpose;

import dev.heed.platform.outbox.EventOutbox;
import dev.heed.platform.store.ConcurrentChange;
import dev.heed.events.Application;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.purpose.Purpose;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The purpose catalogue. Every new version is stored and announced on the compacted
 * {@link Topics#PURPOSES} topic in one transaction, through the outbox, so every consumer's view
 * of the catalogue follows the database exactly.
 */
@ApplicationScoped
public class PurposeCatalogue {


    private final EventOutbox outbox;
    private final Clock clock;

    PurposeCatalogue(EventOutbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Creates a purpose, or publishes its next version when the definition differs from the latest.
     * When another request (on this or another replica) inserted the same version first, the losing
     * transaction is rolled back and the whole change is tried again on the new state.
     */
    public Uni<Publication> publish(PurposeDefinition definition, String actor) {
        return Uni.createFrom().deferred(() -> publishOnce(definition, actor))
                .onFailure(ConcurrentChange::detected).retry().atMost(ConcurrentChange.RETRIES);
    }

    private Uni<Publication> publishOnce(PurposeDefinition definition, String actor) {
        return Panache.withTransaction(() -> latestOf(definition.purposeId()).chain(latest -> {
            if (latest != null && latest.says(definition)) {
                // Nothing changed: no new version, no event.
                return Uni.createFrom().item(new Publication(PurposeView.of(latest), false, false));
            }
            PurposeVersion next = PurposeVersion.next(latest, definition, actor, now());
            return next.persist().chain(() -> announce(next))
                    .map(ignored -> new Publication(PurposeView.of(next), latest == null, true));
        }));
    }

    /** The latest version of every purpose, by purpose id. */
    public Uni<List<PurposeView>> list() {
        return Panache.withSession(() -> PurposeVersion.<PurposeVersion>list(
                        "from PurposeVersion p where p.version = (select max(v.version) from PurposeVersion v"
                                + " where v.purposeId = p.purposeId) order by p.purposeId"))
                .map(purposes -> purposes.stream().map(PurposeView::of).toList());
    }

    /** The latest version, or {@code null} when the purpose is unknown. */
    public Uni<PurposeView> find(String purposeId) {
        return Panache.withSession(() -> latestOf(purposeId))
                .map(purpose -> purpose == null ? null : PurposeView.of(purpose));
    }

    /** The latest version as the catalogue topic carries it, or {@code null} when the purpose is unknown. */
    public Uni<Purpose> findPublished(String purposeId) {
        return Panache.withSession(() -> latestOf(purposeId))
                .map(purpose -> purpose == null ? null : purpose.toEvent());
    }

    /** Every version, oldest first; empty when the purpose is unknown. */
    public Uni<List<PurposeView>> versions(String purposeId) {
        return Panache.withSession(() -> PurposeVersion.<PurposeVersion>list("purposeId = :purposeId",
                        Sort.by("version"), Parameters.with("purposeId", purposeId)))
                .map(purposes -> purposes.stream().map(PurposeView::of).toList());
    }

    private static Uni<PurposeVersion> latestOf(String purposeId) {
        return PurposeVersion.<PurposeVersion>find("purposeId = :purposeId", Sort.descending("version"),
                Parameters.with("purposeId", purposeId)).firstResult();
    }


    /** PostgreSQL keeps microseconds: the event carries the time exactly as stored. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private Uni<Void> announce(PurposeVersion purpose) {
        HeedEvent<?> event = HeedEvent.of(EventType.PURPOSE_PUBLISHED, Application.CONSENT_SERVICE.source(),
                purpose.createdAt, purpose.toEvent());
        return outbox.append(Topics.PURPOSES, purpose.purposeId, event);
    }

    /**
     * @param created   whether the purpose was new
     * @param published whether a new version was stored and announced (false when nothing changed)
     */
    public record Publication(PurposeView purpose, boolean created, boolean published) {
    }
}
