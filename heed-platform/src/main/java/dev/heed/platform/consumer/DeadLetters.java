package dev.heed.platform.consumer;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.heed.platform.outbox.EventOutbox;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.DeadLetterHeaders;
import dev.heed.events.Topics;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/**
 * Sends a consumed record this service cannot process to {@code <topic>.dlq} through the outbox,
 * so the consumer skips it instead of failing on it again and again.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final EventOutbox outbox;

    DeadLetters(EventOutbox outbox) {
        this.outbox = outbox;
    }

    /** Keeps the original key, value and headers; the reason names the rule, never a value. */
    public Uni<Void> send(ConsumerRecord<String, byte[]> record, String eventType, String why) {
        LOG.warnf("record %s-%d@%d dead-lettered: %s", record.topic(), record.partition(), record.offset(), why);
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? "" : new String(header.value(), UTF_8));
        }
        headers.put(DeadLetterHeaders.REASON, why);
        headers.put(DeadLetterHeaders.TOPIC, record.topic());
        headers.put(DeadLetterHeaders.PARTITION, Integer.toString(record.partition()));
        headers.put(DeadLetterHeaders.OFFSET, Long.toString(record.offset()));
        String eventId = headers.getOrDefault(CloudEventHeaders.ID,
                record.topic() + "/" + record.partition() + "/" + record.offset());
        String payload = record.value() == null ? "" : new String(record.value(), UTF_8);
        return Panache.withTransaction(() -> outbox.append(Topics.dlq(record.topic()), record.key(), eventId,
                eventType, headers, payload));
    }
}
