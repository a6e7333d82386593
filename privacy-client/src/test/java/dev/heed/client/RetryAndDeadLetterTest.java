package dev.heed.client;

import static dev.heed.client.IssuerSide.read;
import static dev.heed.client.IssuerSide.subjectKey;
import static dev.heed.testkit.kafka.TopicReader.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.events.DeadLetterHeaders;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.directive.AckOutcome;
import dev.heed.events.directive.DirectiveAcknowledgement;
import dev.heed.events.directive.DirectiveIssued;
import dev.heed.events.directive.DirectiveKind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RetryAndDeadLetterTest {

    private IssuerSide heed;
    private PrivacyClient client;

    @BeforeEach
    void onboard() {
        heed = IssuerSide.forNewSystem("billing");
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        heed.close();
    }

    @Test
    void aHandlerThatKeepsFailingIsRetriedThenDeadLetteredAndAnsweredFailed() {
        AtomicInteger attempts = new AtomicInteger();
        client = heed.client().acknowledgements(new InMemoryAcknowledgementStore())
                .retries(3, Duration.ofMillis(20))
                .onErase(erasure -> {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("billing database unavailable",
                            new java.net.ConnectException("connection refused"));
                })
                .start();

        HeedEvent<DirectiveIssued> directive = heed.issue(DirectiveKind.ERASE, subjectKey("customer-10"));
        DirectiveAcknowledgement ack = read(heed.awaitAck(directive)).data();
        ConsumerRecord<String, byte[]> deadLetter = heed.awaitDeadLetter(directive);

        assertEquals(3, attempts.get(), "3 attempts in all");
        assertEquals(AckOutcome.FAILED, ack.outcome());
        assertEquals("handler failed 3 times: IllegalStateException", ack.reason());

        assertEquals("billing database unavailable", header(deadLetter, DeadLetterHeaders.REASON));
        assertEquals(IllegalStateException.class.getName(), header(deadLetter, DeadLetterHeaders.EXCEPTION_CLASS_NAME));
        assertEquals("connection refused", header(deadLetter, DeadLetterHeaders.CAUSE));
        assertEquals(java.net.ConnectException.class.getName(), header(deadLetter, DeadLetterHeaders.CAUSE_CLASS_NAME));
        assertEquals(Topics.directives(heed.systemId), header(deadLetter, DeadLetterHeaders.TOPIC));
        assertEquals("0", header(deadLetter, DeadLetterHeaders.PARTITION));
        assertEquals("0", header(deadLetter, DeadLetterHeaders.OFFSET));
        assertEquals(directive.kafkaKey(), deadLetter.key(), "the original key");
        assertArrayEquals(directive.dataBytes(), deadLetter.value(), "the original value");
        assertEquals(directive.type(), header(deadLetter, "ce_type"), "the original headers");
        heed.awaitCommitted(1);
    }

    @Test
    void aHandlerThatRecoversIsAnsweredDoneWithoutADeadLetter() {
        AtomicInteger attempts = new AtomicInteger();
        client = heed.client().acknowledgements(new InMemoryAcknowledgementStore())
                .retries(4, Duration.ofMillis(20))
                .onErase(erasure -> {
                    if (attempts.incrementAndGet() < 3) {
                        throw new java.io.IOException("timeout");
                    }
                    return DirectiveResult.done(5);
                })
                .start();

        DirectiveAcknowledgement ack = read(heed.awaitAck(heed.issue(DirectiveKind.ERASE,
                subjectKey("customer-11")))).data();

        assertEquals(AckOutcome.DONE, ack.outcome());
        assertEquals(5L, ack.recordsAffected());
        assertNull(ack.reason());
        assertEquals(3, attempts.get());
        assertEquals(0, heed.deadLetterCount());
    }

    @Test
    void aDirectiveOfAKindTheClientDoesNotKnowIsAnsweredNotApplicableAndAgainTheSameOnResend() throws Exception {
        client = heed.client().acknowledgements(new InMemoryAcknowledgementStore())
                .onErase(erasure -> DirectiveResult.done(1))
                .start();
        HeedEvent<DirectiveIssued> template = heed.directive(DirectiveKind.ERASE, subjectKey("customer-13"), null,
                java.util.Map.of());
        com.fasterxml.jackson.databind.node.ObjectNode payload = (com.fasterxml.jackson.databind.node.ObjectNode)
                dev.heed.events.EventJson.mapper().readTree(template.dataBytes());
        payload.put("kind", "ANONYMISE_EVERYTHING");
        byte[] value = dev.heed.events.EventJson.mapper().writeValueAsBytes(payload);
        for (int i = 0; i < 2; i++) {
            ProducerRecord<String, byte[]> future = new ProducerRecord<>(Topics.directives(heed.systemId), null,
                    template.kafkaKey(), value, new org.apache.kafka.common.header.internals.RecordHeaders());
            template.writeHeaders(future.headers());
            heed.send(future);
        }

        ConsumerRecord<String, byte[]> first = heed.awaitAck(template);
        ConsumerRecord<String, byte[]> again = heed.awaitAckAfter(first);
        assertEquals(AckOutcome.NOT_APPLICABLE, read(first).data().outcome());
        assertEquals(read(first).id(), read(again).id(), "the same acknowledgement again");
        assertEquals(read(first).data(), read(again).data());
        assertEquals(0, heed.deadLetterCount());
    }

    @Test
    void aRecordThatIsNoValidDirectiveIsDeadLetteredAndTheNextOneStillAnswered() {
        client = heed.client().acknowledgements(new InMemoryAcknowledgementStore())
                .onErase(erasure -> DirectiveResult.done(1))
                .start();
        HeedEvent<DirectiveIssued> valid = heed.directive(DirectiveKind.ERASE, subjectKey("customer-12"), null,
                java.util.Map.of());
        ProducerRecord<String, byte[]> broken = new ProducerRecord<>(Topics.directives(heed.systemId), null,
                "some-key", "{\"kind\":\"ERASE\"}".getBytes(), new org.apache.kafka.common.header.internals
                        .RecordHeaders());
        valid.withId("broken-1").writeHeaders(broken.headers());
        heed.send(broken);
        heed.publish(valid);

        assertEquals(AckOutcome.DONE, read(heed.awaitAck(valid)).data().outcome());
        ConsumerRecord<String, byte[]> deadLetter = heed.awaitDeadLetter(valid.withId("broken-1"));
        assertTrue(header(deadLetter, DeadLetterHeaders.REASON).startsWith("not a valid directive"),
                header(deadLetter, DeadLetterHeaders.REASON));
        assertEquals("0", header(deadLetter, DeadLetterHeaders.OFFSET));
        heed.awaitCommitted(2);
    }

    @Test
    void noIdentityReachesTheLogsNeitherFromTheDirectiveNorFromAHandlersException() {
        List<String> logged = new CopyOnWriteArrayList<>();
        Logger clientLogs = Logger.getLogger("dev.heed.client");
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(new SimpleFormatter().format(record));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        clientLogs.addHandler(capture);
        try {
            client = heed.client().acknowledgements(new InMemoryAcknowledgementStore())
                    .retries(2, Duration.ofMillis(10))
                    .onErase(erasure -> {
                        throw new IllegalStateException("no customer with " + erasure.identities().get("email"));
                    })
                    .start();
            HeedEvent<DirectiveIssued> directive = heed.issue(DirectiveKind.ERASE, subjectKey("customer-13"));
            assertEquals(AckOutcome.FAILED, read(heed.awaitAck(directive)).data().outcome());
            heed.awaitDeadLetter(directive);
        } finally {
            clientLogs.removeHandler(capture);
        }

        assertTrue(logged.stream().anyMatch(line -> line.contains("failed 2 times")), "the failure is logged");
        assertTrue(logged.stream().noneMatch(line -> line.contains("ada@example.com")), String.join("\n", logged));
    }

    @Test
    void anUnavailableStoreDelaysTheAnswerButLosesNothing() {
        AtomicInteger lookups = new AtomicInteger();
        AtomicInteger handled = new AtomicInteger();
        InMemoryAcknowledgementStore answers = new InMemoryAcknowledgementStore();
        AcknowledgementStore flaky = new AcknowledgementStore() {
            @Override
            public java.util.Optional<HeedEvent<DirectiveAcknowledgement>> find(String systemId,
                    java.util.UUID directiveId) {
                if (lookups.incrementAndGet() <= 2) {
                    throw new IllegalStateException("database restarting");
                }
                return answers.find(systemId, directiveId);
            }

            @Override
            public HeedEvent<DirectiveAcknowledgement> storeIfAbsent(HeedEvent<DirectiveAcknowledgement> ack) {
                return answers.storeIfAbsent(ack);
            }
        };
        client = heed.client().acknowledgements(flaky).retries(3, Duration.ofMillis(20))
                .onErase(erasure -> {
                    handled.incrementAndGet();
                    return DirectiveResult.done(1);
                })
                .start();

        HeedEvent<DirectiveIssued> directive = heed.issue(DirectiveKind.ERASE, subjectKey("customer-14"));

        assertEquals(AckOutcome.DONE, read(heed.awaitAck(directive)).data().outcome());
        assertEquals(3, lookups.get(), "read again after each failure");
        assertEquals(1, handled.get());
        assertEquals(0, heed.deadLetterCount(), "not the handler's failure");
        heed.awaitCommitted(1);
        assertTrue(client.isRunning());
    }

    @Test
    void theBackoffDoublesUpToItsCeiling() {
        RetryPolicy policy = new RetryPolicy(6, Duration.ofMillis(100), Duration.ofMillis(500));
        assertEquals(Duration.ofMillis(100), policy.delayAfter(1));
        assertEquals(Duration.ofMillis(200), policy.delayAfter(2));
        assertEquals(Duration.ofMillis(400), policy.delayAfter(3));
        assertEquals(Duration.ofMillis(500), policy.delayAfter(4));
        assertEquals(Duration.ofMillis(500), policy.delayAfter(5));
    }
}
