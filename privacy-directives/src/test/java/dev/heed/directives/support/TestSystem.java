package dev.heed.directives.support;

import dev.heed.testkit.kafka.TestTopics;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.heed.events.Application;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.directive.AckOutcome;
import dev.heed.events.directive.DirectiveAcknowledgement;
import dev.heed.events.directive.DirectiveIssued;
import dev.heed.testkit.HeedInfra;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A downstream system as plain Kafka clients: reads its own directive topic, answers on its own
 * acks topic. Used from the test thread only.
 */
public final class TestSystem implements AutoCloseable {

    private final String id;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();

    public TestSystem(String id) {
        this.id = id;
        TestTopics.create(1, dev.heed.events.Topics.directives(id),
                dev.heed.events.Topics.acks(id));
        String servers = HeedInfra.get().kafkaBootstrapServers();
        this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
        TopicPartition partition = new TopicPartition(dev.heed.events.Topics.directives(id), 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    public String id() {
        return id;
    }

    /** Every directive record received so far, re-sends included. */
    public List<ConsumerRecord<String, byte[]>> records() {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            received.add(record);
        }
        return List.copyOf(received);
    }

    public List<HeedEvent<DirectiveIssued>> directives() {
        return records().stream()
                .map(record -> HeedEvent.read(record.headers(), record.value(), DirectiveIssued.class))
                .toList();
    }

    public List<HeedEvent<DirectiveIssued>> directives(java.util.UUID directiveId) {
        return directives().stream().filter(event -> event.data().directiveId().equals(directiveId)).toList();
    }

    /** Answers a directive with a new acknowledgement; returns the event so a test can send it again. */
    public HeedEvent<DirectiveAcknowledgement> acknowledge(java.util.UUID directiveId, AckOutcome outcome,
            Long recordsAffected) {
        DirectiveAcknowledgement ack = new DirectiveAcknowledgement(directiveId, id, outcome, recordsAffected,
                outcome == AckOutcome.FAILED ? "backend unavailable" : null, null, null, Instant.now());
        HeedEvent<DirectiveAcknowledgement> event = HeedEvent.of(EventType.DIRECTIVE_ACKNOWLEDGED,
                Application.systemSource(id), Instant.now(), ack);
        send(event);
        return event;
    }

    /** Publishes an acknowledgement event as it is (a redelivery, or one claiming another system). */
    public void send(HeedEvent<DirectiveAcknowledgement> event) {
        RecordHeaders headers = new RecordHeaders();
        event.writeHeaders(headers);
        try {
            producer.send(new ProducerRecord<>(dev.heed.events.Topics.acks(id), null, event.kafkaKey(),
                    event.dataBytes(), headers)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes a raw record on this system's acks topic, e.g. one that is not a valid acknowledgement. */
    public void sendRaw(String key, byte[] value, Map<String, String> headers) {
        RecordHeaders recordHeaders = new RecordHeaders();
        headers.forEach((name, text) -> recordHeaders.add(name, text.getBytes(UTF_8)));
        try {
            producer.send(new ProducerRecord<>(dev.heed.events.Topics.acks(id), null, key, value, recordHeaders))
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        consumer.close();
        producer.close();
    }
}
