package dev.heed.dsr.registry;

import dev.heed.platform.outbox.EventOutbox;
import dev.heed.platform.store.ConcurrentChange;
import dev.heed.platform.web.InvalidInputException;
import dev.heed.events.Application;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.registry.SystemStatus;
import dev.heed.events.registry.Transport;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The data map. Every change is stored and announced on the compacted {@link Topics#SYSTEMS}
 * topic in one transaction, through the outbox, so the registry views of every service follow
 * the database exactly. Once a registration or announcement committed, the system's two topics
 * are made sure of ({@link SystemTopics}; {@link SystemTopicsJob} catches up on a failed try).
 */
@ApplicationScoped
public class SystemRegistry {

    private final EventOutbox outbox;
    private final Clock clock;
    private final SystemTopics topics;
    private final RegisteredSystemRepository systems;

    SystemRegistry(EventOutbox outbox, Clock clock, SystemTopics topics, RegisteredSystemRepository systems) {
        this.systems = systems;
        this.outbox = outbox;
        this.clock = clock;
        this.topics = topics;
    }

    /**
     * Registers a new system, or replaces what the registry says about a known one (re-activating it).
     * When another request (on this or another replica) changed the same system first, the losing
     * transaction is rolled back and the whole change is tried again on the new state.
     */
    public Uni<Registration> register(SystemDefinition definition) {
        return store(definition, null);
    }

    /**
     * A system describes itself: registers it when unknown, or updates what it announced about a
     * known one, and records the announcement and its client version. Announced on the topic only
     * when the definition changed, so an announcement at every start-up adds nothing there.
     * Fails with {@link SystemRetiredException} when the system was retired.
     */
    public Uni<Registration> announce(SystemDefinition definition, String clientVersion) {
        return store(definition, new Announcement(clientVersion));
    }

    /** @param announcement the system's own announcement, or {@code null} for an administrator's registration */
    private Uni<Registration> store(SystemDefinition definition, Announcement announcement) {
        return Uni.createFrom().deferred(() -> storeOnce(definition, announcement))
                .onFailure(ConcurrentChange::detected).retry().atMost(ConcurrentChange.RETRIES)
                .chain(this::withTopics);
    }

    private Uni<Registration> storeOnce(SystemDefinition given, Announcement announcement) {
        return Panache.withTransaction(() -> systems.findById(given.systemId())
                .chain(existing -> {
                    Instant now = now();
                    if (existing == null) {
                        RegisteredSystem system = RegisteredSystem.register(given, now);
                        if (announcement != null) {
                            system.announced(announcement.clientVersion(), now);
                        }
                        return systems.persist(system).chain(() -> publish(system))
                                .map(ignored -> new Registration(SystemResponse.of(system), true));
                    }
                    SystemDefinition definition = given;
                    if (announcement != null) {
                        if (existing.status == SystemStatus.RETIRED) {
                            return Uni.createFrom().failure(new SystemRetiredException(existing.systemId));
                        }
                        // A system does not announce its transport: it stays what an administrator set.
                        definition = given.withTransport(existing.transport, existing.openDsrBaseUrl);
                        if (existing.transport == Transport.OPENDSR
                                && !SystemRegistrationRequest.OPENDSR_KINDS.containsAll(definition.directiveKinds())) {
                            return Uni.createFrom().failure(new InvalidInputException("directiveKinds",
                                    "an OPENDSR system handles only ERASE"));
                        }
                        existing.announced(announcement.clientVersion(), now);
                    }
                    if (existing.isActiveWith(definition)) {
                        // Nothing changed: no event.
                        return Uni.createFrom().item(new Registration(SystemResponse.of(existing), false));
                    }
                    existing.apply(definition, now);
                    return publish(existing).map(ignored -> new Registration(SystemResponse.of(existing), false));
                }));
    }

    private Uni<Registration> withTopics(Registration registration) {
        return topics.ensure(registration.system().systemId())
                .map(presence -> new Registration(registration.system().withTopics(presence), registration.created()));
    }

    /** Every system, with whether its topics exist (as the broker says now). */
    public Uni<List<SystemResponse>> list() {
        return Panache.withSession(() -> systems.all())
                .map(systems -> systems.stream().map(SystemResponse::of).toList())
                .chain(systems -> topics.existing().map(existing -> systems.stream()
                        .map(system -> system.withTopics(existing.map(names -> TopicPresence.of(system.systemId(),
                                names))))
                        .toList()));
    }

    /** The system, or {@code null} when it was never registered. */
    public Uni<SystemResponse> find(String systemId) {
        return Panache.withSession(() -> systems.findById(systemId))
                .map(system -> system == null ? null : SystemResponse.of(system))
                .chain(system -> system == null ? Uni.createFrom().nullItem() : topics.existing()
                        .map(existing -> system.withTopics(existing.map(names -> TopicPresence.of(systemId, names)))));
    }

    /**
     * Retires a system: it receives no new directives. Retiring a retired system changes nothing.
     *
     * @return the system as it now stands, or {@code null} when it was never registered
     */
    public Uni<SystemResponse> retire(String systemId) {
        return Uni.createFrom().deferred(() -> retireOnce(systemId))
                .onFailure(ConcurrentChange::detected).retry().atMost(ConcurrentChange.RETRIES);
    }

    private Uni<SystemResponse> retireOnce(String systemId) {
        return Panache.withTransaction(() -> systems.findById(systemId)
                .chain(system -> {
                    if (system == null) {
                        return Uni.createFrom().nullItem();
                    }
                    if (system.status == SystemStatus.RETIRED) {
                        return Uni.createFrom().item(SystemResponse.of(system));
                    }
                    system.retire(now());
                    return publish(system).map(ignored -> SystemResponse.of(system));
                }));
    }

    /** PostgreSQL keeps microseconds: the event carries the time exactly as stored. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private Uni<?> publish(RegisteredSystem system) {
        HeedEvent<?> event = HeedEvent.of(EventType.SYSTEM_REGISTERED, Application.DSR_SERVICE.source(),
                system.updatedAt, system.toRegistration());
        return outbox.append(Topics.SYSTEMS, system.systemId, event);
    }

    /** @param created whether the system was new (as opposed to updated or unchanged) */
    public record Registration(SystemResponse system, boolean created) {
    }

    private record Announcement(String clientVersion) {
    }
}
