package dev.heed.testkit.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * Reads what a service published on one topic of the real broker, the way a downstream consumer
 * would: all partitions, committed records only, no consumer group. Every wait is bounded.
 */
public final class TopicReader implements AutoCloseable {

    private static final Duration PUBLISHED_WITHIN = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;

    public TopicReader(String bootstrapServers, String topic) {
        this.topic = topic;
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The start of every partition. */
    public Map<TopicPartition, Long> beginning() {
        return consumer.beginningOffsets(partitions(), Duration.ofSeconds(10));
    }

    /** The current end of every partition: "from now on". */
    public Map<TopicPartition, Long> end() {
        return consumer.endOffsets(partitions(), Duration.ofSeconds(10));
    }

    /** Reads from {@code from} until a record matches; every record read is offered to the predicate. */
    public ConsumerRecord<String, byte[]> awaitRecord(Map<TopicPartition, Long> from,
                                                      Predicate<ConsumerRecord<String, byte[]>> match) {
        seek(from);
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        await().atMost(PUBLISHED_WITHIN).until(() -> {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (found.isEmpty() && match.test(record)) {
                    found.add(record);
                }
            }
            return !found.isEmpty();
        });
        return found.get(0);
    }

    /** The first record with this key published since {@code from}. */
    public ConsumerRecord<String, byte[]> awaitKey(Map<TopicPartition, Long> from, String key) {
        return awaitRecord(from, r -> key.equals(r.key()));
    }

    /**
     * The keys of every record published since {@code from}, once {@code markerKey}'s record is
     * there. A service's outbox relay publishes in order, so whatever it queued before the marker
     * is in the log by then; on another partition it may still be read after the marker, so every
     * partition is read to its end.
     */
    public List<String> keysPublishedUpTo(Map<TopicPartition, Long> from, String markerKey) {
        awaitKey(from, markerKey);
        Map<TopicPartition, Long> end = end();
        seek(from);
        List<String> keys = new ArrayList<>();
        await().atMost(PUBLISHED_WITHIN).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
            return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        });
        return keys;
    }

    /** A header's value as text, or null. */
    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The record's value as a JSON tree; not JSON fails the test. */
    public static JsonNode json(ConsumerRecord<String, byte[]> record) {
        try {
            return JSON.readTree(record.value());
        } catch (IOException e) {
            throw new AssertionError("the record value is not JSON", e);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }

    private void seek(Map<TopicPartition, Long> from) {
        consumer.assign(from.keySet());
        from.forEach(consumer::seek);
    }

    /** The topic's partitions, once it exists (a relay's first record may create it). */
    private List<TopicPartition> partitions() {
        List<TopicPartition> partitions = new ArrayList<>();
        await().atMost(PUBLISHED_WITHIN).until(() -> {
            consumer.partitionsFor(topic, Duration.ofSeconds(5))
                    .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            return !partitions.isEmpty();
        });
        return partitions;
    }
}
