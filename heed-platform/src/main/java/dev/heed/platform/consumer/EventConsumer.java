package dev.heed.platform.consumer;

import dev.heed.events.HeedEvent;
import dev.heed.events.InvalidEventException;
import dev.heed.platform.recovery.ConsumerRecovery;
import io.smallrye.mutiny.Uni;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The template of a consumer of Heed events keyed by subject: it skips every type it does not
 * apply, reads the event, dead-letters one that is malformed or whose record key is not its
 * subject key ({@link DeadLetters}, through the outbox), and applies the rest through
 * {@link ConsumerRecovery}, so an outage of the database or the broker stalls the channel
 * (readiness DOWN) until the record applies; the channel never fails and no record is lost. A
 * subclass keeps its own {@code @Incoming} method, which calls {@link #consume}, and writes
 * {@link #apply}; applying must be idempotent, since a record may come again.
 *
 * @param <D> the event's data
 */
public abstract class EventConsumer<D> {

    private final String channel;
    private final Set<String> types;
    private final Class<D> data;
    private final Function<D, String> subjectKeyOf;
    private final DeadLetters deadLetters;
    private final ConsumerRecovery recovery;

    /** @param types the CloudEvents types it applies, all carrying {@code data} */
    protected EventConsumer(String channel, Set<String> types, Class<D> data, Function<D, String> subjectKeyOf,
            DeadLetters deadLetters, ConsumerRecovery recovery) {
        this.channel = channel;
        this.types = Set.copyOf(types);
        this.data = data;
        this.subjectKeyOf = subjectKeyOf;
        this.deadLetters = deadLetters;
        this.recovery = recovery;
    }

    /** Only for the CDI client proxy of a normal-scoped consumer, which delegates every call. */
    protected EventConsumer() {
        this.channel = null;
        this.types = null;
        this.data = null;
        this.subjectKeyOf = null;
        this.deadLetters = null;
        this.recovery = null;
    }

    /** What the subclass's {@code @Incoming} method returns for each record. */
    protected Uni<Void> consume(ConsumerRecord<String, byte[]> record) {
        String type = HeedEvent.typeOf(record.headers());
        if (!types.contains(type)) {
            return Uni.createFrom().voidItem();
        }
        HeedEvent<D> event;
        try {
            event = HeedEvent.read(record.headers(), record.value(), data);
            check(event);
            if (!subjectKeyOf.apply(event.data()).equals(record.key())) {
                throw new InvalidEventException("the record key is not the subject key");
            }
        } catch (InvalidEventException e) {
            return recovery.untilApplied(channel, () -> deadLetters.send(record, type, e.getMessage()));
        }
        return recovery.untilApplied(channel, () -> apply(event)).replaceWithVoid();
    }

    /** Applies a well-formed event; a failure is retried until it succeeds. */
    protected abstract Uni<?> apply(HeedEvent<D> event);

    /**
     * A rule of this event beyond its schema and key.
     *
     * @throws InvalidEventException to dead-letter the record
     */
    protected void check(HeedEvent<D> event) {
    }
}
