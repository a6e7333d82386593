package dev.heed.dsr.registry;

import dev.heed.directives.outbox.EventOutbox;
import dev.heed.directives.store.ConcurrentChange;
import dev.heed.events.Application;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.registry.SystemStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The data map. Every change is stored and announced on the compacted {@link Topics#SYSTEMS}
 * topic in one transaction, through the outbox, so the registry views of every service follow
 * the database exactly.
 */
@ApplicationScoped
public class SystemRegistry {


    private final EventOutbox outbox;
    private final Clock clock;

    SystemRegistry(EventOutbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Registers a new system, or replaces what the registry says about a known one (re-activating it).
     * When another request (on this or another replica) changed the same system first, the losing
     * transaction is rolled back and the whole change is tried again on the new state.
     */
    public Uni<Registration> register(SystemDefinition definition) {
        return Uni.createFrom().deferred(() -> registerOnce(definition))
                .onFailure(ConcurrentChange::detected).retry().atMost(ConcurrentChange.RETRIES);
    }

    private Uni<Registration> registerOnce(SystemDefinition definition) {
        return Panache.withTransaction(() -> RegisteredSystem.<RegisteredSystem>findById(definition.systemId())
                .chain(existing -> {
                    Instant now = now();
                    if (existing == null) {
                        RegisteredSystem system = RegisteredSystem.register(definition, now);
                        return system.persist().chain(() -> announce(system))
                                .map(ignored -> new Registration(SystemView.of(system), true));
                    }
                    if (existing.isActiveWith(definition)) {
                        // Nothing changed: no new version, no event.
                        return Uni.createFrom().item(new Registration(SystemView.of(existing), false));
                    }
                    existing.apply(definition, now);
                    return announce(existing).map(ignored -> new Registration(SystemView.of(existing), false));
                }));
    }

    public Uni<List<SystemView>> list() {
        return Panache.withSession(() -> RegisteredSystem.<RegisteredSystem>listAll(Sort.by("systemId")))
                .map(systems -> systems.stream().map(SystemView::of).toList());
    }

    /** The system, or {@code null} when it was never registered. */
    public Uni<SystemView> find(String systemId) {
        return Panache.withSession(() -> RegisteredSystem.<RegisteredSystem>findById(systemId))
                .map(system -> system == null ? null : SystemView.of(system));
    }

    /**
     * Retires a system: it receives no new directives. Retiring a retired system changes nothing.
     *
     * @return the system as it now stands, or {@code null} when it was never registered
     */
    public Uni<SystemView> retire(String systemId) {
        return Uni.createFrom().deferred(() -> retireOnce(systemId))
                .onFailure(ConcurrentChange::detected).retry().atMost(ConcurrentChange.RETRIES);
    }

    private Uni<SystemView> retireOnce(String systemId) {
        return Panache.withTransaction(() -> RegisteredSystem.<RegisteredSystem>findById(systemId)
                .chain(system -> {
                    if (system == null) {
                        return Uni.createFrom().nullItem();
                    }
                    if (system.status == SystemStatus.RETIRED) {
                        return Uni.createFrom().item(SystemView.of(system));
                    }
                    system.retire(now());
                    return announce(system).map(ignored -> SystemView.of(system));
                }));
    }


    /** PostgreSQL keeps microseconds: the event carries the time exactly as stored. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private Uni<?> announce(RegisteredSystem system) {
        HeedEvent<?> event = HeedEvent.of(EventType.SYSTEM_REGISTERED, Application.DSR_SERVICE.source(),
                system.updatedAt, system.toRegistration());
        return outbox.append(Topics.SYSTEMS, system.systemId, event);
    }

    /** @param created whether the system was new (as opposed to updated or unchanged) */
    public record Registration(SystemView system, boolean created) {
    }
}
