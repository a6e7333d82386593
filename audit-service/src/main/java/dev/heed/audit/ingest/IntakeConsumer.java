package dev.heed.audit.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Reads every topic whose name matches the pattern, as one member of a consumer group, and
 * writes what it read into the intake table before committing the offsets: a crash between the
 * two makes the group read those records again, and the intake and the appender store each event
 * once. A pattern subscription picks up topics created later (a new system's directive and
 * acknowledgement topics, a new dead-letter topic) within {@code metadata.max.age.ms}, from their
 * start.
 */
public final class IntakeConsumer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(IntakeConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(2);

    private final String name;
    private final Map<String, Object> settings;
    private final Pattern topics;
    private final Intake intake;
    private final StoredRecords records;
    private final Clock clock;
    private final AtomicLong lag = new AtomicLong();
    private final Thread thread;

    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;

    /**
     * @param settings the Kafka consumer settings (broker, security), without group or deserializers
     */
    public IntakeConsumer(String name, Map<String, Object> settings, String groupId, Duration metadataMaxAge,
            Pattern topics, Intake intake, StoredRecords records, Clock clock) {
        this.name = name;
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) metadataMaxAge.toMillis());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.settings = Map.copyOf(config);
        this.topics = topics;
        this.intake = intake;
        this.records = records;
        this.clock = clock;
        this.thread = new Thread(this::run, "heed-audit-intake-" + name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Records behind the end of the partitions this member reads, as of its last poll. */
    public long lag() {
        return lag.get();
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            thread.join(Duration.ofSeconds(15).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> opened = new KafkaConsumer<>(settings, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer = opened;
                opened.subscribe(topics);
                while (running) {
                    ConsumerRecords<String, byte[]> batch = opened.poll(POLL);
                    if (!batch.isEmpty()) {
                        List<IntakeRow> rows = new ArrayList<>(batch.count());
                        for (ConsumerRecord<String, byte[]> record : batch) {
                            rows.add(records.of(record, clock.instant()));
                        }
                        intake.write(rows).await().atMost(WRITE_TIMEOUT);
                        opened.commitSync();
                    }
                    lag.set(lagOf(opened));
                }
            } catch (WakeupException e) {
                // close() asked to stop.
            } catch (RuntimeException e) {
                // Uncommitted records are read again by whichever member gets their partitions.
                LOG.warnf("%s: intake stopped and starts again in %s: %s", name, RETRY_BACKOFF, e.toString());
                pause();
            } finally {
                consumer = null;
            }
        }
    }

    private static long lagOf(KafkaConsumer<String, byte[]> consumer) {
        long total = 0;
        for (TopicPartition partition : consumer.assignment()) {
            OptionalLong behind = consumer.currentLag(partition);
            total += behind.orElse(0);
        }
        return total;
    }

    private void pause() {
        try {
            Thread.sleep(RETRY_BACKOFF.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
