package dev.heed.bench;

import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.consent.ConsentChannel;
import dev.heed.events.consent.ConsentDecision;
import dev.heed.events.consent.Decision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The ingest rate: real CloudEvents (consent grants, redacted and canonicalised like any other) on
 * a topic of the bench's own that audit-service's {@code privacy.*} pattern picks up and no other
 * service reads, from the first send until the leader has appended every one of them as a leaf.
 */
final class AuditIngest {

    private static final Duration APPEND_AT_MOST = Duration.ofMinutes(10);

    record Result(int events, Duration produced, Duration appended, long treeSizeBefore, long treeSizeAfter) {

        double producedPerSecond() {
            return events / (produced.toNanos() / 1e9);
        }

        double appendedPerSecond() {
            return events / (appended.toNanos() / 1e9);
        }
    }

    private final AuditBenchSettings settings;
    private final ServiceClient audit;

    AuditIngest(AuditBenchSettings settings, ServiceClient audit) {
        this.settings = settings;
        this.audit = audit;
    }

    Result run() throws Exception {
        createTopic();
        long before = treeSize();
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig())) {
            for (int i = 0; i < settings.events(); i++) {
                HeedEvent<ConsentDecision> event = grant(i);
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(AuditBenchSettings.TOPIC, event.kafkaKey(),
                        event.dataBytes());
                event.writeHeaders(record.headers());
                producer.send(record);
            }
            producer.flush();
        }
        Duration produced = Duration.ofNanos(System.nanoTime() - start);
        long target = before + settings.events();
        long deadline = System.nanoTime() + APPEND_AT_MOST.toNanos();
        long size;
        while ((size = treeSize()) < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("after " + APPEND_AT_MOST + " the tree holds " + (size - before)
                        + " of the " + settings.events() + " events");
            }
            Thread.sleep(20);
        }
        return new Result(settings.events(), produced, Duration.ofNanos(System.nanoTime() - start), before, size);
    }

    private HeedEvent<ConsentDecision> grant(int i) {
        Instant now = Instant.now();
        ConsentDecision decision = new ConsentDecision(UUID.randomUUID(), subjectKey("bench-customer-" + (i % 5000)),
                "bench-newsletter", 1, Decision.GRANTED, ConsentChannel.WEB, "bench", "v1", null, "EU", false, now);
        return HeedEvent.of(EventType.CONSENT_GRANTED, "/heed/bench", now, decision);
    }

    /** A well-formed subject key; the bench has no installation secret and needs none. */
    private static String subjectKey(String customer) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(customer.getBytes(StandardCharsets.UTF_8));
            return "k1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** heed_audit_tree_size from the leader's metrics (the local stack runs one replica). */
    long treeSize() throws IOException, InterruptedException {
        ServiceClient.Response metrics = audit.metrics();
        if (!metrics.ok()) {
            throw new IllegalStateException("GET /q/metrics answered " + metrics.status());
        }
        for (String line : metrics.body().split("\n")) {
            if (line.startsWith("heed_audit_tree_size")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new IllegalStateException("audit-service exports no heed_audit_tree_size");
    }

    private void createTopic() throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafka()))) {
            admin.createTopics(List.of(new NewTopic(AuditBenchSettings.TOPIC, 3, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private Properties producerConfig() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafka());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return config;
    }
}
