package dev.heed.platform.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heed.events.Application;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.InvalidEventException;
import dev.heed.events.directive.DirectiveOutcome;
import dev.heed.events.dsr.SubjectErased;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.platform.recovery.TestRecovery;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The consumer template: what it skips, what it dead-letters, and that an outage is waited out. */
class EventConsumerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final SubjectKeys KEYS = new SubjectKeys(1, new byte[32]);

    private final List<String> deadLettered = new CopyOnWriteArrayList<>();
    private final List<UUID> applied = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Erasures consumer = new Erasures();

    @Test
    void appliesAWellFormedEventAndSkipsOtherTypes() {
        HeedEvent<SubjectErased> erasure = erasure(KEYS.keyOf("customer-1"));
        consumer.consume(record(erasure.kafkaKey(), erasure, EventType.DSR_SUBJECT_ERASED)).await().atMost(WAIT);
        consumer.consume(record(erasure.kafkaKey(), erasure, EventType.DSR_STATUS_CHANGED)).await().atMost(WAIT);

        assertThat(applied).containsExactly(erasure.data().requestId());
        assertThat(deadLettered).isEmpty();
    }

    @Test
    void deadLettersWhatCanNeverApplyNamingTheRuleAndNotTheValue() {
        HeedEvent<SubjectErased> erasure = erasure(KEYS.keyOf("customer-2"));
        consumer.consume(record(KEYS.keyOf("customer-3"), erasure, EventType.DSR_SUBJECT_ERASED)).await().atMost(WAIT);
        consumer.consume(new ConsumerRecord<>("privacy.dsr.events.v1", 0, 7, 0L, TimestampType.CREATE_TIME, 0, 0,
                erasure.kafkaKey(), "{\"requestId\":\"customer-2\"}".getBytes(StandardCharsets.UTF_8),
                headers(erasure, EventType.DSR_SUBJECT_ERASED), Optional.empty())).await().atMost(WAIT);
        HeedEvent<SubjectErased> refused = erasure(KEYS.keyOf("refused"));
        consumer.consume(record(refused.kafkaKey(), refused, EventType.DSR_SUBJECT_ERASED)).await().atMost(WAIT);

        assertThat(applied).isEmpty();
        assertThat(deadLettered).hasSize(3);
        assertThat(deadLettered.get(0)).isEqualTo(EventType.DSR_SUBJECT_ERASED.type() + ": the record key is not the subject key");
        assertThat(deadLettered.get(1)).doesNotContain("customer-2");
        assertThat(deadLettered.get(2)).endsWith("refused by check");
    }

    @Test
    void aFailureToApplyIsRetriedUntilItAppliesAndShowsAsAStall() {
        failuresLeft.set(2);
        HeedEvent<SubjectErased> erasure = erasure(KEYS.keyOf("customer-4"));
        consumer.consume(record(erasure.kafkaKey(), erasure, EventType.DSR_SUBJECT_ERASED)).await().atMost(WAIT);

        assertThat(applied).containsExactly(erasure.data().requestId());
        assertThat(meters.get("heed.consumer.retries").tags("channel", "test-erasures").counter().count()).isEqualTo(2);
    }

    private static HeedEvent<SubjectErased> erasure(String subjectKey) {
        return HeedEvent.of(EventType.DSR_SUBJECT_ERASED, Application.DSR_SERVICE.source(), Instant.now(),
                new SubjectErased(UUID.randomUUID(), subjectKey, UUID.randomUUID(), DirectiveOutcome.COMPLETED,
                        Set.of("crm"), Set.of(), Instant.now()));
    }

    private static ConsumerRecord<String, byte[]> record(String key, HeedEvent<SubjectErased> event, EventType claimed) {
        return new ConsumerRecord<>("privacy.dsr.events.v1", 0, 1, 0L, TimestampType.CREATE_TIME, 0, 0, key,
                event.dataBytes(), headers(event, claimed), Optional.empty());
    }

    private static RecordHeaders headers(HeedEvent<SubjectErased> event, EventType claimed) {
        RecordHeaders headers = new RecordHeaders();
        event.writeHeaders(headers);
        headers.remove(CloudEventHeaders.TYPE);
        headers.add(CloudEventHeaders.TYPE, claimed.type().getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private final class Erasures extends EventConsumer<SubjectErased> {

        Erasures() {
            super("test-erasures", Set.of(EventType.DSR_SUBJECT_ERASED.type()), SubjectErased.class,
                    SubjectErased::subjectKey, new DeadLetters(null) {
                        @Override
                        public Uni<Void> send(ConsumerRecord<String, byte[]> record, String eventType, String why) {
                            deadLettered.add(eventType + ": " + why);
                            return Uni.createFrom().voidItem();
                        }
                    }, TestRecovery.on(meters));
        }

        @Override
        protected void check(HeedEvent<SubjectErased> event) {
            if (event.data().subjectKey().equals(KEYS.keyOf("refused"))) {
                throw new InvalidEventException("refused by check");
            }
        }

        @Override
        protected Uni<UUID> apply(HeedEvent<SubjectErased> event) {
            if (failuresLeft.getAndDecrement() > 0) {
                return Uni.createFrom().failure(new IllegalStateException("database away"));
            }
            applied.add(event.data().requestId());
            return Uni.createFrom().item(event.data().requestId());
        }
    }
}
