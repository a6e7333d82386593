package dev.heed.platform.view;

import dev.heed.events.topic.CompactedTopicReader;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This replica's copy of a compacted topic: the latest value of every key, kept current by a
 * {@link CompactedTopicReader} through a {@link DecodingSink}.
 *
 * @param <V> the value kept per key; the decoder returns {@code null} to remove a key
 */
public final class CompactedTopicView<V> implements AutoCloseable {

    /** New partitions (or the topic itself, if absent at start) are picked up this often by default. */
    public static final Duration PARTITION_REFRESH = CompactedTopicReader.PARTITION_REFRESH;

    private final Map<String, V> values = new ConcurrentHashMap<>();
    private final CompactedTopicReader reader;

    public CompactedTopicView(String name, String topic, Map<String, Object> consumerConfig,
            DecodingSink.Decoder<V> decoder) {
        this(name, topic, consumerConfig, decoder, PARTITION_REFRESH);
    }

    public CompactedTopicView(String name, String topic, Map<String, Object> consumerConfig,
            DecodingSink.Decoder<V> decoder, Duration partitionRefresh) {
        this.reader = CompactedTopicReader.follow(name, topic, consumerConfig,
                new DecodingSink<>(name, decoder, new DecodingSink.Store<>() {
                    @Override
                    public void put(String key, V value) {
                        values.put(key, value);
                    }

                    @Override
                    public void remove(String key) {
                        values.remove(key);
                    }

                    @Override
                    public void clear() {
                        values.clear();
                    }
                }), partitionRefresh);
    }

    public void start() {
        reader.start();
    }

    /** True once every record up to the end offsets read at start has been applied. */
    public boolean isReady() {
        return reader.isReady();
    }

    public String topic() {
        return reader.topic();
    }

    public Optional<V> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** An immutable copy of the current values. */
    public Map<String, V> snapshot() {
        return Map.copyOf(values);
    }

    /** The error that stopped the reader, if any (it retries; this is for health details). */
    public Optional<Throwable> lastFailure() {
        return reader.lastFailure();
    }

    @Override
    public void close() {
        reader.close();
    }
}
