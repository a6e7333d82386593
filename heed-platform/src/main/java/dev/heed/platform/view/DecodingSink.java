package dev.heed.platform.view;

import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.InvalidEventException;
import dev.heed.events.topic.CompactedTopicReader;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * Decodes what a {@link CompactedTopicReader} reads into a {@link Store}: a tombstone, or a value
 * the decoder turns into {@code null}, removes the key; a record without key or one the decoder
 * refuses is logged (position and reason, never the value) and skipped. {@link CompactedTopicView}
 * keeps every key; a store may also keep only some (a bounded cache) as long as it applies what it keeps.
 *
 * @param <V> the decoded value
 */
public final class DecodingSink<V> implements CompactedTopicReader.Sink {

    /** Turns a record into the value to keep, or {@code null} (retired) to drop the key. */
    @FunctionalInterface
    public interface Decoder<V> {
        V decode(ConsumerRecord<String, byte[]> record);
    }

    /** Where the decoded values go. Called from the reader's one thread. */
    public interface Store<V> {
        void put(String key, V value);

        void remove(String key);

        /** The reader reads the topic again from the beginning: forget everything it applied. */
        void clear();
    }

    private static final Logger LOG = Logger.getLogger(DecodingSink.class);

    /** Reads a Heed event of one type whose record key is {@code keyOf} its data; anything else is refused. */
    public static <V> Decoder<V> event(EventType type, Class<V> data, Function<V, String> keyOf) {
        return record -> {
            String found = HeedEvent.typeOf(record.headers());
            if (!type.type().equals(found)) {
                throw new InvalidEventException("unexpected type " + found);
            }
            V value = HeedEvent.read(record.headers(), record.value(), data).data();
            if (!keyOf.apply(value).equals(record.key())) {
                throw new InvalidEventException("key does not match the event's own");
            }
            return value;
        };
    }

    private final String name;
    private final Decoder<V> decoder;
    private final Store<V> store;

    public DecodingSink(String name, Decoder<V> decoder, Store<V> store) {
        this.name = name;
        this.decoder = decoder;
        this.store = store;
    }

    @Override
    public void accept(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            LOG.warnf("view %s: record without key at %s-%d@%d ignored", name, record.topic(), record.partition(),
                    record.offset());
            return;
        }
        V value;
        try {
            value = record.value() == null ? null : decoder.decode(record);
        } catch (RuntimeException e) {
            LOG.warnf("view %s: record at %s-%d@%d ignored: %s", name, record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        if (value == null) {
            store.remove(record.key());
        } else {
            store.put(record.key(), value);
        }
    }

    @Override
    public void clear() {
        store.clear();
    }
}
