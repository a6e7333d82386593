package dev.heed.consent.erasure;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.heed.directives.outbox.EventOutbox;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.DeadLetterHeaders;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.InvalidEventException;
import dev.heed.events.Topics;
import dev.heed.events.dsr.SubjectErased;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads dsr-service's request facts ({@code privacy.dsr.events.v1}, consumer group
 * {@code consent-service}) and applies {@code dev.heed.dsr.subject-erased.v1}; every other type is
 * skipped. Applying is idempotent, so a redelivered record changes nothing. A record that is not a
 * well-formed erasure goes to {@code privacy.dsr.events.v1.dlq} through the outbox and is skipped.
 */
@ApplicationScoped
public class SubjectErasedConsumer {

    public static final String CHANNEL = "dsr-events";
    private static final Logger LOG = Logger.getLogger(SubjectErasedConsumer.class);

    private final ErasedSubjects erasedSubjects;
    private final EventOutbox outbox;

    SubjectErasedConsumer(ErasedSubjects erasedSubjects, EventOutbox outbox) {
        this.erasedSubjects = erasedSubjects;
        this.outbox = outbox;
    }

    @Incoming(CHANNEL)
    public Uni<Void> receive(ConsumerRecord<String, byte[]> record) {
        if (!EventType.DSR_SUBJECT_ERASED.type().equals(HeedEvent.typeOf(record.headers()))) {
            return Uni.createFrom().voidItem();
        }
        SubjectErased erasure;
        try {
            erasure = HeedEvent.read(record.headers(), record.value(), SubjectErased.class).data();
        } catch (InvalidEventException e) {
            return deadLetter(record, e.getMessage());
        }
        if (!erasure.subjectKey().equals(record.key())) {
            return deadLetter(record, "the record key is not the subject key");
        }
        // A database hiccup is retried here; if it persists the channel fails and health reports it.
        return erasedSubjects.erase(erasure)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5)
                .invoke(erased -> LOG.infof("subject erased by request %s%s", erasure.requestId(),
                        erased ? "" : " (already recorded)"))
                .replaceWithVoid();
    }

    /** Keeps the original key, value and headers; the reason names the rule, never a value. */
    private Uni<Void> deadLetter(ConsumerRecord<String, byte[]> record, String why) {
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
                EventType.DSR_SUBJECT_ERASED.type(), headers, payload));
    }
}
