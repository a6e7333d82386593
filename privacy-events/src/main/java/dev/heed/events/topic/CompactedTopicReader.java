package dev.heed.events.topic;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole compacted topic, every partition from the beginning with {@code assign} (no
 * consumer group, nothing committed, so each reader sees every key). Plain kafka-clients: the
 * services' views, privacy-client's consent view and audit-service's check of the published heads
 * all read through it.
 *
 * <p>{@link #follow} keeps reading on a thread of its own: it is {@linkplain #isReady() ready}
 * once it has handed over everything up to the end offsets that existed when it started, picks up
 * new partitions (or the topic, absent at start) every {@code partitionRefresh}, and after a
 * failure reads again from the beginning, telling its {@link Sink} to forget what it had.
 * {@link #readToEnd} reads once up to the end offsets and returns.
 */
public final class CompactedTopicReader implements AutoCloseable {

    /** Where the reader hands the records, from its one thread. */
    public interface Sink {
        /** A record, tombstones included (a {@code null} value). */
        void accept(ConsumerRecord<String, byte[]> record);

        /** The reader reads the topic again from the beginning: forget everything it handed over. */
        void clear();
    }

    /** New partitions (or the topic itself, if absent at start) are picked up this often by default. */
    public static final Duration PARTITION_REFRESH = Duration.ofSeconds(30);

    private static final System.Logger LOG = System.getLogger(CompactedTopicReader.class.getName());
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration AFTER_FAILURE = Duration.ofSeconds(2);

    private final String name;
    private final String topic;
    private final Map<String, Object> consumerConfig;
    private final Sink sink;
    private final Duration partitionRefresh;
    private final Object readiness = new Object();
    private final Thread thread;

    private volatile boolean ready;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Throwable failure;

    private CompactedTopicReader(String name, String topic, Map<String, Object> consumerConfig, Sink sink,
            Duration partitionRefresh) {
        this.name = name;
        this.topic = topic;
        this.consumerConfig = withoutGroup(consumerConfig);
        this.sink = sink;
        this.partitionRefresh = partitionRefresh;
        this.thread = new Thread(this::run, "heed-view-" + name);
        this.thread.setDaemon(true);
    }

    /**
     * A reader that follows the topic once {@linkplain #start() started}.
     *
     * @param name names the reader's thread and its log lines
     * @param consumerConfig the Kafka client's settings; the group and offset settings are the reader's
     */
    public static CompactedTopicReader follow(String name, String topic, Map<String, Object> consumerConfig, Sink sink,
            Duration partitionRefresh) {
        return new CompactedTopicReader(name, topic, consumerConfig, sink, partitionRefresh);
    }

    /**
     * Reads every partition of the topic from the beginning up to the end offsets it finds now, handing
     * each record to {@code each} in order per partition.
     *
     * @throws IllegalStateException if that takes longer than {@code timeout}
     */
    public static void readToEnd(String topic, Map<String, Object> consumerConfig, Duration timeout,
            Consumer<ConsumerRecord<String, byte[]>> each) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> reader = open(withoutGroup(consumerConfig))) {
            List<TopicPartition> partitions = partitions(reader, topic, Set.of());
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions, timeout);
            while (!caughtUp(reader, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end in " + timeout);
                }
                reader.poll(POLL).forEach(each);
            }
        }
    }

    public void start() {
        thread.start();
    }

    /** True once every record up to the end offsets read at start has been handed over. */
    public boolean isReady() {
        return ready;
    }

    /** Waits until ready; false if the timeout passed first or the reader was closed. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        synchronized (readiness) {
            while (!ready) {
                long left = until - System.nanoTime();
                if (left <= 0 || !running) {
                    return ready;
                }
                readiness.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    public String topic() {
        return topic;
    }

    /** The error that made the reader read the topic again from the beginning, if any (for health details). */
    public Optional<Throwable> lastFailure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        synchronized (readiness) {
            readiness.notifyAll();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> opened = open(consumerConfig)) {
                consumer = opened;
                // Reading again from the beginning: keys whose tombstones were compacted away must not linger.
                ready = false;
                sink.clear();
                read(opened);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                failure = e;
                LOG.log(Level.WARNING, "view {0} of {1} failed, reading again from the beginning: {2}", name, topic,
                        e.toString());
                pause(AFTER_FAILURE);
            } finally {
                consumer = null;
            }
        }
    }

    private void read(KafkaConsumer<String, byte[]> reader) {
        Map<TopicPartition, Long> catchUpTo = new HashMap<>();
        Set<TopicPartition> assigned = new HashSet<>();
        long nextRefresh = 0;
        while (running) {
            if (System.nanoTime() >= nextRefresh) {
                List<TopicPartition> added = partitions(reader, topic, assigned);
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
            if (assigned.isEmpty()) {
                pause(POLL);
            } else {
                reader.poll(POLL).forEach(sink::accept);
            }
            // A topic that does not exist yet holds nothing: the view is ready, and empty.
            if (!ready && caughtUp(reader, catchUpTo)) {
                synchronized (readiness) {
                    ready = true;
                    readiness.notifyAll();
                }
                failure = null;
                LOG.log(Level.INFO, "view {0} of {1} is ready", name, topic);
            }
        }
    }

    /** The topic's partitions not in {@code known}; none while the topic does not exist. */
    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> reader, String topic,
            Set<TopicPartition> known) {
        // listTopics answers at once for a topic that does not exist, where partitionsFor waits out its timeout.
        List<PartitionInfo> partitions = reader.listTopics(METADATA_TIMEOUT).get(topic);
        List<TopicPartition> added = new ArrayList<>();
        if (partitions != null) {
            for (PartitionInfo partition : partitions) {
                TopicPartition tp = new TopicPartition(topic, partition.partition());
                if (!known.contains(tp)) {
                    added.add(tp);
                }
            }
        }
        return added;
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> reader, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (reader.position(partition.getKey(), METADATA_TIMEOUT) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> withoutGroup(Map<String, Object> consumerConfig) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Looking up a topic that does not exist must not create it (with the wrong cleanup policy).
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return config;
    }

    private static KafkaConsumer<String, byte[]> open(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private void pause(Duration duration) {
        synchronized (readiness) {
            if (running) {
                try {
                    readiness.wait(duration.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }
}
