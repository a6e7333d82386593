package dev.heed.consent.purpose;

import dev.heed.platform.outbox.EventOutbox;
import dev.heed.platform.store.ConcurrentChange;
import dev.heed.events.Application;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.purpose.Purpose;
import io.quarkus.hibernate.reactive.panache.Panache;
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
    private final PurposeVersionRepository versions;

    PurposeCatalogue(EventOutbox outbox, Clock clock, PurposeVersionRepository versions) {
        this.outbox = outbox;
        this.clock = clock;
        this.versions = versions;
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
        return Panache.withTransaction(() -> versions.latestOf(definition.purposeId()).chain(latest -> {
            if (latest != null && latest.says(definition)) {
                // Nothing changed: no new version, no event.
                return Uni.createFrom().item(new Publication(PurposeResponse.of(latest), false, false));
            }
            PurposeVersion next = PurposeVersion.next(latest, definition, actor, now());
            return versions.persist(next).chain(() -> announce(next))
                    .map(ignored -> new Publication(PurposeResponse.of(next), latest == null, true));
        }));
    }

    /** The latest version of every purpose, by purpose id. */
    public Uni<List<PurposeResponse>> list() {
        return Panache.withSession(versions::latestOfEach)
                .map(purposes -> purposes.stream().map(PurposeResponse::of).toList());
    }

    /** The latest version, or {@code null} when the purpose is unknown. */
    public Uni<PurposeResponse> find(String purposeId) {
        return Panache.withSession(() -> versions.latestOf(purposeId))
                .map(purpose -> purpose == null ? null : PurposeResponse.of(purpose));
    }

    /** The latest version as the catalogue topic carries it, or {@code null} when the purpose is unknown. */
    public Uni<Purpose> findPublished(String purposeId) {
        return Panache.withSession(() -> versions.latestOf(purposeId))
                .map(purpose -> purpose == null ? null : purpose.toEvent());
    }

    /** Every version, oldest first; empty when the purpose is unknown. */
    public Uni<List<PurposeResponse>> versions(String purposeId) {
        return Panache.withSession(() -> versions.versionsOf(purposeId))
                .map(purposes -> purposes.stream().map(PurposeResponse::of).toList());
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
    public record Publication(PurposeResponse purpose, boolean created, boolean published) {
    }
}
