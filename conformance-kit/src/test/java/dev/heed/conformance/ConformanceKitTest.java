package dev.heed.conformance;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heed.events.Application;
import dev.heed.events.EventJson;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.directive.AckOutcome;
import dev.heed.events.directive.DirectiveAcknowledgement;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.examples.mailer.MarketingMailer;
import dev.heed.examples.supportdesk.SupportDesk;
import dev.heed.testkit.HeedInfra;
import dev.heed.testkit.subject.SubjectKeySecret;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The kit as a downstream team runs it, against systems on the real broker, onboarded with the
 * template's topics and Kafka users: both example systems pass; a system that does not answer a
 * re-send and one that computes its subject keys with the wrong secret fail, naming the broken rule.
 */
class ConformanceKitTest {

    private static final String SECRET = SubjectKeySecret.perJvm();
    private static final SubjectKeys KEYS = new SubjectKeys(SubjectKeySecret.VERSION, Base64.getDecoder().decode(SECRET));

    private final HeedInfra infra = HeedInfra.get();

    @Test
    void theSupportDeskIsConformant() throws Exception {
        String systemId = newSystem("support-desk");
        String customerId = "customer-" + UUID.randomUUID();
        try (SupportDesk desk = new SupportDesk(database("conformance_support_desk"), infra.onboardSystem(systemId),
                systemId, KEYS).start()) {
            desk.openTicket(customerId, "ada@example.com", "Parcel lost");
            Result result = kit(systemId, customerId);
            assertEquals(0, result.exitCode(), result.output());
            assertTrue(result.output().contains("conformant: 7 checks passed"), result.output());
            assertTrue(desk.ticketsOf(customerId).isEmpty(), "the directive really erased the customer");
        }
    }

    @Test
    void theMarketingMailerIsConformant() throws Exception {
        String systemId = newSystem("marketing-mailer");
        String customerId = "customer-" + UUID.randomUUID();
        try (MarketingMailer mailer = new MarketingMailer(database("conformance_marketing_mailer"),
                infra.onboardSystem(systemId), systemId, KEYS).start()) {
            mailer.subscribe(customerId, "grace@example.com", Set.of("newsletter"));
            Result result = kit(systemId, customerId);
            assertEquals(0, result.exitCode(), result.output());
            assertTrue(result.output().contains("conformant: 7 checks passed"), result.output());
        }
    }

    @Test
    void aSystemWithTheWrongSecretFailsTheSubjectKeyCheck() throws Exception {
        String systemId = newSystem("wrong-key-desk");
        String customerId = "customer-" + UUID.randomUUID();
        byte[] otherSecret = new byte[32];
        new java.security.SecureRandom().nextBytes(otherSecret);
        try (SupportDesk desk = new SupportDesk(database("conformance_wrong_key"), infra.onboardSystem(systemId),
                systemId, new SubjectKeys(SubjectKeySecret.VERSION, otherSecret)).start()) {
            desk.openTicket(customerId, "alan@example.com", "Invoice");
            Result result = kit(systemId, customerId);
            assertEquals(1, result.exitCode(), result.output());
            assertTrue(result.output().contains("FAIL finds the subject by its key: answered NOT_APPLICABLE"),
                    result.output());
            assertFalse(desk.ticketsOf(customerId).isEmpty(), "it erased nothing: it never found the customer");
        }
    }

    @Test
    void aSystemThatDoesNotAnswerAReSendFails() throws Exception {
        String systemId = newSystem("forgetful");
        try (AnswersOnce system = new AnswersOnce(infra.onboardSystem(systemId), systemId)) {
            system.start();
            Result result = kit(systemId, "customer-" + UUID.randomUUID());
            assertEquals(1, result.exitCode(), result.output());
            assertTrue(result.output().contains("FAIL answers a re-sent directive with the identical acknowledgement: "
                    + "no answer to the re-send"), result.output());
            assertTrue(result.output().contains("PASS the acknowledgement's payload"), result.output());
        }
    }

    @Test
    void badArgumentsExitWithUsage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ConformanceKit.run(new String[] {"--system-id", "crm"}, SECRET, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, UTF_8));
        assertEquals(2, exit);
        assertTrue(err.toString(UTF_8).contains("--bootstrap-servers is required"));
    }

    private record Result(int exitCode, String output) {
    }

    private Result kit(String systemId, String customerId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = ConformanceKit.run(new String[] {"--bootstrap-servers", infra.kafkaBootstrapServers(),
                "--system-id", systemId, "--customer-id", customerId, "--timeout", "PT30S"}, SECRET,
                new PrintStream(out, true, UTF_8), System.err);
        return new Result(exit, out.toString(UTF_8));
    }

    private static String newSystem(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private PGSimpleDataSource database(String name) {
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setURL(infra.jdbcUrl(name));
        database.setUser(infra.username());
        database.setPassword(infra.password());
        return database;
    }

    /**
     * Deliberately broken: answers each directive once, DONE (NOT_APPLICABLE for a kind it does not
     * know), and ignores it when it comes again.
     */
    private static final class AnswersOnce implements AutoCloseable {

        private final Map<String, Object> kafka;
        private final String systemId;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Set<String> answered = new HashSet<>();
        private Thread thread;

        AnswersOnce(Map<String, String> kafka, String systemId) {
            this.kafka = new HashMap<>(kafka);
            this.systemId = systemId;
        }

        void start() throws InterruptedException {
            java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(1);
            thread = new Thread(() -> loop(assigned), "answers-once");
            thread.start();
            if (!assigned.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("the broken system did not get its partitions within 60 s");
            }
        }

        private void loop(java.util.concurrent.CountDownLatch assigned) {
            Map<String, Object> consumer = new HashMap<>(kafka);
            consumer.put("group.id", systemId);
            consumer.put("auto.offset.reset", "latest");
            try (KafkaConsumer<String, byte[]> directives = new KafkaConsumer<>(consumer, new StringDeserializer(),
                    new ByteArrayDeserializer());
                    KafkaProducer<String, byte[]> acks = new KafkaProducer<>(kafka, new StringSerializer(),
                            new ByteArraySerializer())) {
                List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
                partitionsOnceAuthenticated(directives).forEach(info -> partitions.add(
                        new org.apache.kafka.common.TopicPartition(info.topic(), info.partition())));
                directives.assign(partitions);
                directives.seekToEnd(partitions);
                partitions.forEach(directives::position);
                assigned.countDown();
                while (running.get()) {
                    for (ConsumerRecord<String, byte[]> record : directives.poll(Duration.ofMillis(200))) {
                        JsonNode directive = EventJson.mapper().readTree(record.value());
                        String directiveId = directive.path("directiveId").asText();
                        if (!answered.add(directiveId)) {
                            continue; // the bug: a re-send goes unanswered
                        }
                        AckOutcome outcome = directive.path("kind").asText().equals(Conformance.UNKNOWN_KIND)
                                ? AckOutcome.NOT_APPLICABLE : AckOutcome.DONE;
                        DirectiveAcknowledgement ack = new DirectiveAcknowledgement(UUID.fromString(directiveId),
                                systemId, outcome, outcome == AckOutcome.DONE ? 1L : null,
                                outcome == AckOutcome.DONE ? null : "unknown kind", null, null, Instant.now());
                        HeedEvent<DirectiveAcknowledgement> event = HeedEvent.of(EventType.DIRECTIVE_ACKNOWLEDGED,
                                Application.systemSource(systemId), Instant.now(), ack);
                        RecordHeaders headers = new RecordHeaders();
                        event.writeHeaders(headers);
                        acks.send(new ProducerRecord<>(Topics.acks(systemId), null, event.kafkaKey(), event.dataBytes(),
                                headers)).get();
                    }
                }
            } catch (Exception e) {
                if (running.get()) {
                    throw new IllegalStateException(e);
                }
            }
        }

        /** A user just created may not be known to the broker yet: its first logins can fail, for a bounded time. */
        private List<org.apache.kafka.common.PartitionInfo> partitionsOnceAuthenticated(
                KafkaConsumer<String, byte[]> directives) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try {
                    return directives.partitionsFor(Topics.directives(systemId), Duration.ofSeconds(5));
                } catch (org.apache.kafka.common.errors.AuthenticationException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            if (thread != null) {
                thread.join(10_000);
            }
        }
    }
}
