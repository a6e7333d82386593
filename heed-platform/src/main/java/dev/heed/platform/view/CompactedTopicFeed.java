package dev.heed.platform.view;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads a compacted topic into a {@link Store}: every partition from the beginning with
 * {@code assign} (no consumer group, nothing committed, so each replica sees the whole topic).
 * It is {@linkplain #isReady() ready} once it has applied everything up to the end offsets that
 * existed when it started, and stays current afterwards. {@link CompactedTopicView} keeps every
 * key; a store may also keep only some (a bounded cache) as long as it applies what it keeps.
 *
 * @param <V> the decoded value; the decoder returns {@code null} to remove a key
 */
public final class CompactedTopicFeed<V> implements AutoCloseable {

    /** Turns a record into the value to keep, or {@code null} (tombstone, retired) to drop the key. */
    @FunctionalInterface
    public interface Decoder<V> {
        V decode(ConsumerRecord<String, byte[]> record);
    }

    /** Where the feed applies what it reads. Called from the feed's one thread. */
    public interface Store<V> {
        void put(String key, V value);

        void remove(String key);

        /** The feed reads the topic again from the beginning: forget everything it applied. */
        void clear();
    }

    private static final Logger LOG = Logger.getLogger(CompactedTopicFeed.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
    /** New partitions (or the topic itself, if absent at start) are picked up this often by default. */
    public static final Duration PARTITION_REFRESH = Duration.ofSeconds(30);

    private final String name;
    private final String topic;
    private final Map<String, Object> consumerConfig;
    private final Decoder<V> decoder;
    private final Duration partitionRefresh;
    private final Store<V> store;
    private final Thread thread;

    private volatile boolean ready;
    private volatile boolean running = true;
    private volatile Consumer<String, byte[]> consumer;
    private volatile Throwable failure;

    public CompactedTopicFeed(String name, String topic, Map<String, Object> consumerConfig, Decoder<V> decoder,
            Store<V> store, Duration partitionRefresh) {
        this.store = store;
        this.name = name;
        this.partitionRefresh = partitionRefresh;
        this.topic = topic;
        this.consumerConfig = new HashMap<>(consumerConfig);
        this.consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Looking up a topic that does not exist must not create it (with the wrong cleanup policy).
        this.consumerConfig.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        this.decoder = decoder;
        this.thread = new Thread(this::run, "heed-view-" + name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** True once every record up to the end offsets read at start has been applied. */
    public boolean isReady() {
        return ready;
    }

    public String topic() {
        return topic;
    }

    /** The error that stopped the reader, if any (it retries; this is for health details). */
    public Optional<Throwable> lastFailure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public void close() {
        running = false;
        Consumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> opened = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer = opened;
                // A restart reads everything again: keys whose tombstones were compacted away must not linger.
                store.clear();
                ready = false;
                read(opened);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                failure = e;
                LOG.warnf("view %s of %s failed, reading again from the beginning: %s", name, topic, e.toString());
                pause();
            } finally {
                consumer = null;
            }
        }
    }

    private void read(Consumer<String, byte[]> reader) {
        Map<TopicPartition, Long> catchUpTo = new HashMap<>();
        Set<TopicPartition> assigned = new HashSet<>();
        long nextRefresh = 0;
        while (running) {
            if (System.nanoTime() >= nextRefresh) {
                List<TopicPartition> added = newPartitions(reader, assigned);
                if (!added.isEmpty()) {
                    assigned.addAll(added);
                    reader.assign(new ArrayList<>(assigned));
                    reader.seekToBeginning(added);
                    if (!ready) {
                        catchUpTo.putAll(reader.endOffsets(added, METADATA_TIMEOUT));
                    }
                }
                nextRefresh = System.nanoTime() + partitionRefresh.toNanos();
            }
            if (!assigned.isEmpty()) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(POLL)) {
                    apply(record);
                }
            } else {
                pauseFor(POLL);
            }
            if (!ready && caughtUp(reader, catchUpTo)) {
                ready = true;
                failure = null;
                LOG.infof("view %s of %s is ready", name, topic);
            }
        }
    }

    private List<TopicPartition> newPartitions(Consumer<String, byte[]> reader, Set<TopicPartition> assigned) {
        // listTopics answers at once for a topic that does not exist, where partitionsFor waits out its timeout.
        List<PartitionInfo> partitions = reader.listTopics(METADATA_TIMEOUT).get(topic);
        List<TopicPartition> added = new ArrayList<>();
        if (partitions != null) {
            for (PartitionInfo partition : partitions) {
                TopicPartition tp = new TopicPartition(topic, partition.partition());
                if (!assigned.contains(tp)) {
                    added.add(tp);
                }
            }
        }
        return added;
    }

    // A topic that does not exist yet holds nothing: the view is ready, and empty.
    private boolean caughtUp(Consumer<String, byte[]> reader, Map<TopicPartition, Long> catchUpTo) {
        for (Map.Entry<TopicPartition, Long> end : catchUpTo.entrySet()) {
            if (reader.position(end.getKey(), METADATA_TIMEOUT) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
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

    private void pause() {
        pauseFor(Duration.ofSeconds(2));
    }

    private void pauseFor(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
