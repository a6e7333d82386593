package dev.heed.client;

import static dev.heed.client.IssuerSide.read;
import static dev.heed.client.IssuerSide.subjectKey;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.events.Application;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.directive.AckOutcome;
import dev.heed.events.directive.DirectiveAcknowledgement;
import dev.heed.events.directive.DirectiveIssued;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.testkit.kafka.TopicReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Directives published as Heed's issuers publish them, answered by the client on the real broker. */
class DirectiveAnswerTest {

    private IssuerSide heed;
    private JdbcAcknowledgementStore store;
    private PrivacyClient client;

    @BeforeEach
    void onboard() {
        heed = IssuerSide.forNewSystem("crm");
        store = new JdbcAcknowledgementStore(TestDatabase.dataSource());
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        heed.close();
    }

    @Test
    void anErasureIsHandledOnceAndAnsweredWithItsCountOnTheSystemsAckTopic() {
        List<Erasure> erased = new CopyOnWriteArrayList<>();
        client = heed.client().acknowledgements(store).onErase(erasure -> {
            erased.add(erasure);
            return DirectiveResult.done(3);
        }).start();

        HeedEvent<DirectiveIssued> directive = heed.issue(DirectiveKind.ERASE, subjectKey("customer-1"));
        ConsumerRecord<String, byte[]> record = heed.awaitAck(directive);

        HeedEvent<DirectiveAcknowledgement> ack = read(record);
        assertEquals(directive.data().directiveId().toString(), record.key(), "keyed by directive id");
        assertEquals(EventType.DIRECTIVE_ACKNOWLEDGED.type(), ack.type());
        assertEquals(Application.systemSource(heed.systemId), ack.source());
        assertEquals(AckOutcome.DONE, ack.data().outcome());
        assertEquals(3L, ack.data().recordsAffected());
        assertEquals(heed.systemId, ack.data().systemId());
        assertEquals(directive.data().directiveId(), ack.data().directiveId());
        assertEquals("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                TopicReader.header(record, CloudEventHeaders.TRACEPARENT), "the directive's trace continues");

        assertEquals(1, erased.size());
        Erasure erasure = erased.get(0);
        assertEquals(directive.data().subjectKey(), erasure.subjectKey());
        assertEquals(List.of("ada@example.com"), erasure.identities().get("email"));
        assertTrue(!erasure.toString().contains("ada@example.com"), "a view never prints identities");
        heed.awaitCommitted(1);
    }

    @Test
    void aReSentDirectiveIsAnsweredWithTheStoredAcknowledgementWithoutHandlingItAgain() {
        AtomicInteger calls = new AtomicInteger();
        client = heed.client().acknowledgements(store).onErase(erasure -> {
            calls.incrementAndGet();
            return DirectiveResult.done(7);
        }).start();
        HeedEvent<DirectiveIssued> directive = heed.issue(DirectiveKind.ERASE, subjectKey("customer-2"));
        ConsumerRecord<String, byte[]> first = heed.awaitAck(directive);

        heed.publish(directive); // the issuer's re-send: same ce_id, same directive id
        ConsumerRecord<String, byte[]> second = heed.awaitAckAfter(first);

        assertEquals(1, calls.get(), "the handler is not called again");
        assertEquals(read(first).id(), read(second).id(), "the same acknowledgement event");
        assertArrayEquals(first.value(), second.value(), "same outcome, count and time");
        heed.awaitCommitted(2);
    }

    @Test
    void theStoredAcknowledgementOutlivesARestart() {
        AtomicInteger calls = new AtomicInteger();
        client = heed.client().acknowledgements(store).onErase(erasure -> {
            calls.incrementAndGet();
            return DirectiveResult.done(1);
        }).start();
        HeedEvent<DirectiveIssued> directive = heed.issue(DirectiveKind.ERASE, subjectKey("customer-3"));
        ConsumerRecord<String, byte[]> first = heed.awaitAck(directive);
        client.close();

        // A new instance with a new store object on the same database.
        client = heed.client().acknowledgements(new JdbcAcknowledgementStore(TestDatabase.dataSource()))
                .onErase(erasure -> {
                    calls.incrementAndGet();
                    return DirectiveResult.done(99);
                }).start();
        heed.publish(directive);
        ConsumerRecord<String, byte[]> second = heed.awaitAckAfter(first);

        assertEquals(1, calls.get());
        assertEquals(1L, read(second).data().recordsAffected());
        assertEquals(read(first).id(), read(second).id());
    }

    @Test
    void aKindWithoutAHandlerIsAnsweredNotApplicable() {
        AtomicInteger erasures = new AtomicInteger();
        client = heed.client().acknowledgements(store).onErase(erasure -> {
            erasures.incrementAndGet();
            return DirectiveResult.done(1);
        }).start();

        HeedEvent<DirectiveIssued> directive = heed.issue(DirectiveKind.RESTRICT, subjectKey("customer-4"));
        DirectiveAcknowledgement ack = read(heed.awaitAck(directive)).data();

        assertEquals(AckOutcome.NOT_APPLICABLE, ack.outcome());
        assertNull(ack.recordsAffected());
        assertTrue(ack.reason().contains("RESTRICT"), ack.reason());
        assertEquals(0, erasures.get());
    }

    @Test
    void handlersAnswerNotApplicableAndFailedThemselvesWithoutRetries() {
        AtomicInteger restrictions = new AtomicInteger();
        client = heed.client().acknowledgements(store)
                .retries(3, java.time.Duration.ofMillis(10))
                .onErase(erasure -> DirectiveResult.notApplicable("no such customer"))
                .onRestrict(restriction -> {
                    restrictions.incrementAndGet();
                    return DirectiveResult.failed("under a local legal hold");
                })
                .start();

        DirectiveAcknowledgement notApplicable = read(heed.awaitAck(heed.issue(DirectiveKind.ERASE,
                subjectKey("customer-5")))).data();
        DirectiveAcknowledgement failed = read(heed.awaitAck(heed.issue(DirectiveKind.RESTRICT,
                subjectKey("customer-5")))).data();

        assertEquals(AckOutcome.NOT_APPLICABLE, notApplicable.outcome());
        assertEquals("no such customer", notApplicable.reason());
        assertEquals(AckOutcome.FAILED, failed.outcome());
        assertEquals("under a local legal hold", failed.reason());
        assertEquals(1, restrictions.get(), "a failure the handler answers is final, not retried");
        assertEquals(0, heed.deadLetterCount());
    }

    @Test
    void typedHandlersReceiveTheirKindsParameters() {
        List<String> seen = new CopyOnWriteArrayList<>();
        client = heed.client().acknowledgements(store)
                .onStopProcessing(stop -> {
                    seen.add("stop:" + stop.purposeId());
                    return DirectiveResult.done(1);
                })
                .onRectify(rectification -> {
                    seen.add("rectify:" + rectification.corrections().get("lastName"));
                    return DirectiveResult.done(rectification.corrections().size());
                })
                .onPurge(purge -> {
                    seen.add("purge:" + purge.policyId().orElseThrow() + "@" + purge.cutoff().orElseThrow()
                            + " key " + purge.subjectKey());
                    return DirectiveResult.done(42);
                })
                .start();

        HeedEvent<DirectiveIssued> stop = heed.publish(heed.directive(DirectiveKind.STOP_PROCESSING,
                subjectKey("customer-6"), "marketing", Map.of()));
        HeedEvent<DirectiveIssued> rectify = heed.publish(heed.directive(DirectiveKind.RECTIFY,
                subjectKey("customer-6"), null, Map.of("lastName", "Lovelace", "city", "London")));
        HeedEvent<DirectiveIssued> purge = heed.publish(heed.directive(DirectiveKind.PURGE, null, null,
                Map.of(Purge.POLICY_ID, "invoices", Purge.CUTOFF, "2019-01-01T00:00:00Z")));

        assertEquals(1L, read(heed.awaitAck(stop)).data().recordsAffected());
        assertEquals(2L, read(heed.awaitAck(rectify)).data().recordsAffected());
        assertEquals(42L, read(heed.awaitAck(purge)).data().recordsAffected());
        assertEquals(List.of("stop:marketing", "rectify:Lovelace", "purge:invoices@2019-01-01T00:00:00Z key null"),
                seen, "in the order they were issued");
    }

    @Test
    void anExportIsUploadedFirstAndAnsweredWithItsReferenceAndHash() {
        RecordingUploader uploader = new RecordingUploader();
        byte[] data = "{\"customer\":{\"lastName\":\"Lovelace\"}}".getBytes(StandardCharsets.UTF_8);
        client = heed.client().acknowledgements(store).exportUploader(uploader)
                .onExport(export -> ExportResult.exported(data, "application/json", 1))
                .start();

        HeedEvent<DirectiveIssued> directive = heed.issue(DirectiveKind.EXPORT, subjectKey("customer-7"));
        DirectiveAcknowledgement ack = read(heed.awaitAck(directive)).data();

        assertEquals(AckOutcome.DONE, ack.outcome());
        assertEquals(1L, ack.recordsAffected());
        assertEquals("test://exports/" + directive.data().directiveId(), ack.exportReference());
        assertEquals(Answers.sha256(data), ack.exportSha256());
        // sha256 of the exact bytes, computed independently
        assertEquals(java.util.HexFormat.of().formatHex(sha256(data)), ack.exportSha256());
        assertEquals(1, uploader.uploads.size());
        assertArrayEquals(data, uploader.uploads.get(0));
    }

    @Test
    void startRefusesAnIncompleteConfiguration() {
        assertThrows(IllegalStateException.class, () -> heed.client().onErase(e -> DirectiveResult.done(0)).start(),
                "no acknowledgement store");
        assertThrows(IllegalStateException.class, () -> heed.client().acknowledgements(store)
                .onExport(e -> ExportResult.notApplicable(null)).start(), "no export uploader");
        assertThrows(IllegalStateException.class, () -> heed.client()
                .acknowledgements(new InMemoryAcknowledgementStore())
                .onErase((erasure, transaction) -> DirectiveResult.done(0)).start(), "transactions need JDBC");
        assertThrows(IllegalArgumentException.class, () -> PrivacyClient.forSystem("Not A System"));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** A test double of the HTTP upload to dsr-service. */
    static final class RecordingUploader implements ExportUploader {
        final List<byte[]> uploads = new CopyOnWriteArrayList<>();

        @Override
        public String upload(Export export, byte[] data, String contentType, String sha256) {
            assertNotNull(sha256);
            uploads.add(data.clone());
            return "test://exports/" + export.directiveId();
        }
    }
}
