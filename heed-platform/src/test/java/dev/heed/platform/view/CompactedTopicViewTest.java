package dev.heed.platform.view;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.heed.testkit.kafka.TestTopics;
import dev.heed.testkit.HeedInfra;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-replica view of a compacted topic, on the real broker. */
class CompactedTopicViewTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, HeedInfra.get().kafkaBootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    private CompactedTopicView<String> view;

    @AfterEach
    void close() {
        if (view != null) {
            view.close();
        }
        producer.close();
    }

    @Test
    void isReadyOnlyOnceItHasReadEverythingThatExistedAtStart() throws Exception {
        String topic = "test.view." + UUID.randomUUID();
        TestTopics.createCompacted(topic);
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            String key = "key-" + (i % 100);
            String value = "value-" + i;
            send(topic, key, value);
            expected.put(key, value);
        }
        send(topic, "key-1", null);
        expected.remove("key-1");
        send(topic, "key-2", "retired");
        expected.remove("key-2");
        send(topic, "last", "value-last");
        expected.put("last", "value-last");

        CountDownLatch decodingLast = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        view = new CompactedTopicView<>("test", topic, consumer(), record -> {
            String value = new String(record.value(), UTF_8);
            if (record.key().equals("last")) {
                decodingLast.countDown();
                waitFor(release);
            }
            return value.equals("retired") ? null : value;
        });
        view.start();

        assertThat(decodingLast.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(view.isReady()).as("one record short of the end offsets read at start").isFalse();
        release.countDown();

        await().atMost(WAIT).until(view::isReady);
        assertThat(view.snapshot()).as("everything is there the moment it is ready").isEqualTo(expected);

        send(topic, "key-3", "changed");
        send(topic, "key-4", null);
        await().atMost(WAIT).until(() -> view.get("key-3").orElse("").equals("changed") && view.get("key-4").isEmpty());
        assertThat(view.isReady()).isTrue();
    }

    @Test
    void aTopicThatDoesNotExistYetIsAnEmptyReadyViewUntilItAppears() {
        String topic = "test.view.absent." + UUID.randomUUID();
        AtomicBoolean decoded = new AtomicBoolean();
        view = new CompactedTopicView<>("absent", topic, consumer(), record -> {
            decoded.set(true);
            return new String(record.value(), UTF_8);
        }, Duration.ofMillis(500));
        view.start();

        await().atMost(WAIT).until(view::isReady);
        assertThat(view.snapshot()).isEmpty();

        TestTopics.createCompacted(topic);
        send(topic, "system-a", "registered");
        await().atMost(WAIT).until(() -> view.get("system-a").isPresent());
        assertThat(decoded).isTrue();
    }

    private static Map<String, Object> consumer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, HeedInfra.get().kafkaBootstrapServers());
        return config;
    }

    private void send(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value == null ? null : value.getBytes(UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
