package dev.heed.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.heed.events.EventJson;
import dev.heed.events.EventPayload;
import dev.heed.events.HeedEvent;
import dev.heed.platform.schema.PlatformSchema;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The transactional outbox. {@code append} writes the event in the caller's Hibernate Reactive
 * (Panache) transaction, so the state change and its event commit together or not at all; the
 * {@link OutboxRelay} publishes it afterwards. Any topic and any Heed event, not only directives.
 *
 * <pre>{@code
 * @WithTransaction
 * Uni<Void> withdraw(Withdrawal w) {
 *     return w.persist().chain(() -> outbox.append(Topics.CONSENT_EVENTS, event));
 * }
 * }</pre>
 */
@ApplicationScoped
public class EventOutbox {

    /** The event type an outbox row of a tombstone carries (it is not a CloudEvent). */
    public static final String TOMBSTONE = "tombstone";

    private final Clock clock;

    EventOutbox(Clock clock) {
        this.clock = clock;
    }

    /** Appends an event keyed by its payload's Kafka key. */
    public Uni<Void> append(String topic, HeedEvent<? extends EventPayload> event) {
        return append(topic, event.kafkaKey(), event);
    }

    /** Appends an event with an explicit Kafka key (never a raw identifier). */
    public Uni<Void> append(String topic, String key, HeedEvent<?> event) {
        String payload = new String(event.dataBytes(), StandardCharsets.UTF_8);
        return append(topic, key, event.id(), event.type(), event.headerValues(), payload);
    }

    /**
     * Appends a record whose headers and JSON body are already rendered, e.g. a re-send that must
     * repeat the original event byte for byte.
     */
    public Uni<Void> append(String topic, String key, String eventId, String eventType, Map<String, String> headers,
            String payload) {
        if (topic == null || topic.isBlank()) {
            return Uni.createFrom().failure(new IllegalArgumentException("topic is required"));
        }
        String headerJson = json(headers);
        OutboxMessage message = new OutboxMessage(topic, key, eventId, eventType, headerJson, payload,
                clock.instant());
        return CallerTransaction.session().chain(session -> session.persist(message));
    }

    /**
     * Appends a tombstone: a record with this key and no value, which deletes the key from a
     * compacted topic once the broker compacts it (and at once from every view that reads it).
     * It carries no headers; its outbox row has a fresh id so the relay can track it.
     */
    public Uni<Void> appendTombstone(String topic, String key) {
        if (topic == null || topic.isBlank()) {
            return Uni.createFrom().failure(new IllegalArgumentException("topic is required"));
        }
        if (key == null || key.isBlank()) {
            return Uni.createFrom().failure(new IllegalArgumentException("a tombstone needs a key"));
        }
        OutboxMessage message = new OutboxMessage(topic, key, UUID.randomUUID().toString(), TOMBSTONE, json(Map.of()),
                null, clock.instant());
        return CallerTransaction.session().chain(session -> session.persist(message));
    }

    /** Of these event ids, those whose rows still wait for the relay, seen in the caller's transaction. */
    public Uni<Set<String>> waiting(Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return CallerTransaction.session().chain(session -> session
                .createNativeQuery("select event_id from " + PlatformSchema.SCHEMA + ".outbox"
                        + " where sent_at is null and event_id in (?1)", String.class)
                .setParameter(1, eventIds)
                .getResultList()
                .map(HashSet::new));
    }

    static String json(Map<String, String> headers) {
        try {
            return EventJson.mapper().writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("headers cannot be written as JSON", e);
        }
    }
}
