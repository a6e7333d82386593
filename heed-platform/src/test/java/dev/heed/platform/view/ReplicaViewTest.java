package dev.heed.platform.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.heed.events.Application;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.purpose.LegalBasis;
import dev.heed.events.purpose.Purpose;
import dev.heed.events.topic.CompactedTopicReader;
import dev.heed.testkit.HeedInfra;
import dev.heed.testkit.kafka.TestTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The replica-view template and the framework-free reader under it, on the real broker. */
class ReplicaViewTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final String bootstrapServers = HeedInfra.get().kafkaBootstrapServers();
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    private Purposes view;

    @AfterEach
    void close() {
        if (view != null) {
            view.stop(null);
        }
        producer.close();
    }

    @Test
    void keepsTheLatestEventPerKeyAndSkipsOtherTypesAndForeignKeys() throws Exception {
        String topic = "test.replica." + UUID.randomUUID();
        TestTopics.createCompacted(topic);
        send(topic, "offers", purpose("offers", 1), EventType.PURPOSE_PUBLISHED);
        send(topic, "offers", purpose("offers", 2), EventType.PURPOSE_PUBLISHED);
        send(topic, "someone-else", purpose("news", 1), EventType.PURPOSE_PUBLISHED);
        send(topic, "news", purpose("news", 1), EventType.SYSTEM_REGISTERED);
        send(topic, "news", "not json".getBytes(StandardCharsets.UTF_8));
        send(topic, "ads", purpose("ads", 1), EventType.PURPOSE_PUBLISHED);

        view = new Purposes(topic, consumer());
        view.start(null);
        await().atMost(WAIT).until(view::isReady);
        assertThat(view.size()).isEqualTo(2);
        assertThat(view.latest("offers")).map(Purpose::version).contains(2);
        assertThat(view.latest("news")).isEmpty();

        send(topic, "ads", null);
        await().atMost(WAIT).until(() -> view.latest("ads").isEmpty());
        assertThat(view.size()).isEqualTo(1);
    }

    @Test
    void theReaderReadsATopicToItsEndOnceAndAMissingTopicAsEmpty() throws Exception {
        String topic = "test.read-to-end." + UUID.randomUUID();
        TestTopics.createCompacted(topic);
        send(topic, "a", "1".getBytes(StandardCharsets.UTF_8));
        send(topic, "b", "2".getBytes(StandardCharsets.UTF_8));
        send(topic, "a", null);

        List<String> read = new ArrayList<>();
        CompactedTopicReader.readToEnd(topic, consumer(), WAIT, record -> read.add(record.key() + "="
                + (record.value() == null ? "tombstone" : new String(record.value(), StandardCharsets.UTF_8))));
        assertThat(read).containsExactly("a=1", "b=2", "a=tombstone");

        List<String> none = new ArrayList<>();
        CompactedTopicReader.readToEnd("test.missing." + UUID.randomUUID(), consumer(), WAIT,
                record -> none.add(record.key()));
        assertThat(none).isEmpty();
    }

    @Test
    void aViewOfATopicThatDoesNotExistYetIsReadyAndEmpty() throws Exception {
        view = new Purposes("test.absent." + UUID.randomUUID(), consumer());
        view.start(null);
        await().atMost(WAIT).until(view::isReady);
        assertThat(view.size()).isZero();
    }

    private Map<String, Object> consumer() {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "ignored-by-the-reader");
    }

    private static HeedEvent<Purpose> purpose(String id, int version) {
        return HeedEvent.of(EventType.PURPOSE_PUBLISHED, Application.CONSENT_SERVICE.source(), Instant.now(),
                new Purpose(id, version, "Purpose " + id, null, LegalBasis.CONSENT, Set.of("contact"), false, 1, false,
                        "test", Instant.now()));
    }

    private void send(String topic, String key, HeedEvent<Purpose> event, EventType claimed) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        event.writeHeaders(headers);
        headers.remove(CloudEventHeaders.TYPE);
        headers.add(CloudEventHeaders.TYPE, claimed.type().getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(topic, null, key, event.dataBytes(), headers)).get();
    }

    private void send(String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
    }

    /** A view as a service writes one: the topic, the event, its key; then its own questions. */
    private static final class Purposes extends ReplicaView<Purpose> {

        Purposes(String topic, Map<String, Object> consumer) {
            super("test-purposes", topic, consumer, EventType.PURPOSE_PUBLISHED, Purpose.class, Purpose::id);
        }

        Optional<Purpose> latest(String id) {
            return get(id);
        }
    }
}
