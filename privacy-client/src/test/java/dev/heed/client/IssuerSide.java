package dev.heed.client;

import static org.awaitility.Awaitility.await;

import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.directive.DirectiveAcknowledgement;
import dev.heed.events.directive.DirectiveIssued;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.testkit.HeedInfra;
import dev.heed.testkit.kafka.TopicReader;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Heed side of one freshly onboarded system on the real test broker: its directive,
 * acknowledgement and dead-letter topics, a publisher of directives exactly as
 * {@code DirectiveIssuer} publishes them (task id as {@code ce_id}, key from the payload), and
 * readers of what the system answers.
 */
final class IssuerSide implements AutoCloseable {

    static final SubjectKeys SUBJECT_KEYS = new SubjectKeys(1, randomBytes(32));

    final String systemId;
    private final String servers = HeedInfra.get().kafkaBootstrapServers();
    private final KafkaProducer<String, byte[]> producer;
    private final TopicReader acks;
    private final TopicReader deadLetters;

    private IssuerSide(String systemId) {
        this.systemId = systemId;
        createTopics(servers, Topics.directives(systemId), Topics.acks(systemId),
                Topics.dlq(Topics.directives(systemId)));
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        this.acks = new TopicReader(servers, Topics.acks(systemId));
        this.deadLetters = new TopicReader(servers, Topics.dlq(Topics.directives(systemId)));
    }

    /** A system id no other test uses, with its topics created as onboarding does. */
    static IssuerSide forNewSystem(String prefix) {
        return new IssuerSide(prefix + "-" + HexFormat.of().formatHex(randomBytes(4)));
    }

    String servers() {
        return servers;
    }

    PrivacyClient.Builder client() {
        return PrivacyClient.forSystem(systemId).bootstrapServers(servers);
    }

    static String subjectKey(String customerId) {
        return SUBJECT_KEYS.keyOf(customerId);
    }

    HeedEvent<DirectiveIssued> directive(DirectiveKind kind, String subjectKey, String purposeId,
            Map<String, Object> parameters) {
        Instant now = Instant.now();
        DirectiveIssued payload = new DirectiveIssued(UUID.randomUUID(), kind, "dsr-service", systemId, subjectKey,
                Map.of("email", List.of("ada@example.com")), purposeId, Set.of("contact"), parameters, "request-1",
                now, now.plus(Duration.ofDays(30)));
        return HeedEvent.of(EventType.DIRECTIVE_ISSUED, UUID.randomUUID().toString(), "/heed/dsr-service", now,
                payload);
    }

    HeedEvent<DirectiveIssued> issue(DirectiveKind kind, String subjectKey) {
        return publish(directive(kind, subjectKey, null, Map.of()));
    }

    /** Publishes (or re-sends) a directive event as it is, and waits for the broker. */
    HeedEvent<DirectiveIssued> publish(HeedEvent<DirectiveIssued> event) {
        RecordHeaders headers = new RecordHeaders();
        event.writeHeaders(headers);
        headers.add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes());
        send(new ProducerRecord<>(Topics.directives(systemId), null, event.kafkaKey(), event.dataBytes(), headers));
        return event;
    }

    void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first answer to the directive on the system's acks topic. */
    ConsumerRecord<String, byte[]> awaitAck(HeedEvent<DirectiveIssued> directive) {
        return acks.awaitKey(acks.beginning(), directive.data().directiveId().toString());
    }

    /** The next answer to the directive after {@code previous}. */
    ConsumerRecord<String, byte[]> awaitAckAfter(ConsumerRecord<String, byte[]> previous) {
        return acks.awaitKey(Map.of(new TopicPartition(previous.topic(), previous.partition()),
                previous.offset() + 1), previous.key());
    }

    static HeedEvent<DirectiveAcknowledgement> read(ConsumerRecord<String, byte[]> ack) {
        return HeedEvent.read(ack.headers(), ack.value(), DirectiveAcknowledgement.class);
    }

    ConsumerRecord<String, byte[]> awaitDeadLetter(HeedEvent<DirectiveIssued> directive) {
        return deadLetters.awaitRecord(deadLetters.beginning(),
                record -> directive.id().equals(TopicReader.header(record, "ce_id")));
    }

    long deadLetterCount() {
        return deadLetters.end().values().stream().mapToLong(Long::longValue).sum();
    }

    /** The offset the system's consumer group committed on its directive topic, or -1. */
    long committedOffset() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(systemId)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            OffsetAndMetadata committed = offsets.get(new TopicPartition(Topics.directives(systemId), 0));
            return committed == null ? -1 : committed.offset();
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    void awaitCommitted(long offset) {
        await().atMost(Duration.ofSeconds(30)).until(() -> committedOffset() == offset);
    }

    static void createTopics(String servers, String... names) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            List<NewTopic> topics = new ArrayList<>();
            for (String name : names) {
                topics.add(new NewTopic(name, 1, (short) 1));
            }
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e.getCause());
            }
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    @Override
    public void close() {
        producer.close();
        acks.close();
        deadLetters.close();
    }
}
