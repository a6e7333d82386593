package dev.heed.audit.integrity;

import dev.heed.platform.kafka.KafkaClients;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.audit.SignedTreeHead;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads every head ever published on {@code privacy.audit.heads.v1}, from the broker: the copy of
 * the heads that whoever can rewrite the audit database cannot rewrite with it.
 */
@ApplicationScoped
public class PublishedHeads {

    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    private final KafkaClients kafka;

    PublishedHeads(KafkaClients kafka) {
        this.kafka = kafka;
    }

    /** @param where partition and offset, to name a bad record */
    public record Published(SignedTreeHead head, String where) {
    }

    /** Every published head, in publishing order per partition; a record that is not a readable head is an error. */
    public List<Published> read() {
        Map<String, Object> config = kafka.consumer("audit-integrity-check");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.AUDIT_HEADS, READ_TIMEOUT).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
            List<Published> heads = new ArrayList<>();
            Instant deadline = Instant.now().plus(READ_TIMEOUT);
            while (!caughtUp(consumer, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + Topics.AUDIT_HEADS + " to its end in "
                            + READ_TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String where = record.partition() + "-" + record.offset();
                    if (!Objects.equals(HeedEvent.typeOf(record.headers()), EventType.AUDIT_TREE_HEAD_SIGNED.type())) {
                        throw new UnreadableHeadException("the record at " + where + " of " + Topics.AUDIT_HEADS
                                + " is not a signed tree head");
                    }
                    try {
                        heads.add(new Published(
                                HeedEvent.read(record.headers(), record.value(), SignedTreeHead.class).data(), where));
                    } catch (RuntimeException e) {
                        throw new UnreadableHeadException("the head at " + where + " of " + Topics.AUDIT_HEADS
                                + " cannot be read: " + e.getClass().getSimpleName());
                    }
                }
            }
            return heads;
        }
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    /** A record on the heads topic that is not a readable head: the check fails, naming it. */
    static class UnreadableHeadException extends RuntimeException {
        UnreadableHeadException(String message) {
            super(message);
        }
    }
}
