package dev.heed.client;

import static dev.heed.client.IssuerSide.read;
import static dev.heed.client.IssuerSide.subjectKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.events.Application;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.directive.AckOutcome;
import dev.heed.events.directive.DirectiveAcknowledgement;
import dev.heed.events.directive.DirectiveIssued;
import dev.heed.events.directive.DirectiveKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class JdbcAcknowledgementStoreTest {

    private final DataSource database = TestDatabase.dataSource();
    private final JdbcAcknowledgementStore store = new JdbcAcknowledgementStore(database);

    @Test
    void anExportAnswerComesBackExactlyAsStored() {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        HeedEvent<DirectiveAcknowledgement> ack = ack("crm", UUID.randomUUID(), AckOutcome.DONE, 12L, at,
                "https://dsr.example/exports/1", "a".repeat(64));

        assertEquals(ack, store.storeIfAbsent(ack));
        assertEquals(ack, store.find("crm", ack.data().directiveId()).orElseThrow());
    }

    @Test
    void theFirstAnswerWinsAndTheSameDirectiveMayBeAnsweredByAnotherSystem() {
        UUID directiveId = UUID.randomUUID();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        HeedEvent<DirectiveAcknowledgement> first = ack("crm", directiveId, AckOutcome.DONE, 1L, at, null, null);
        HeedEvent<DirectiveAcknowledgement> second = ack("crm", directiveId, AckOutcome.FAILED, null, at, null, null);
        HeedEvent<DirectiveAcknowledgement> otherSystem = ack("billing", directiveId, AckOutcome.NOT_APPLICABLE,
                null, at, null, null);

        store.storeIfAbsent(first);
        assertEquals(first, store.storeIfAbsent(second));
        assertEquals(otherSystem, store.storeIfAbsent(otherSystem));
        assertEquals(AckOutcome.DONE, store.find("crm", directiveId).orElseThrow().data().outcome());
    }

    @Test
    void oldAnswersCanBeForgotten() {
        Instant old = Instant.now().minus(Duration.ofDays(60)).truncatedTo(ChronoUnit.MILLIS);
        HeedEvent<DirectiveAcknowledgement> ack = ack("crm", UUID.randomUUID(), AckOutcome.DONE, 1L, old, null, null);
        store.storeIfAbsent(ack);

        assertTrue(store.forgetAcknowledgedBefore(old.plusSeconds(1)) >= 1);
        assertTrue(store.find("crm", ack.data().directiveId()).isEmpty());
    }

    @Test
    void aTransactionalHandlerCommitsItsDeletionAndTheAnswerTogetherOrNeither() throws SQLException {
        String customers = "customers_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String erased = subjectKey("customer-30");
        String failing = subjectKey("customer-31");
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table " + customers + " (subject_key varchar(60) primary key)");
            s.execute("insert into " + customers + " values ('" + erased + "'), ('" + failing + "')");
        }
        AtomicInteger attempts = new AtomicInteger();
        try (IssuerSide heed = IssuerSide.forNewSystem("shop");
                PrivacyClient client = heed.client().acknowledgements(store)
                        .retries(2, Duration.ofMillis(10))
                        .onErase((erasure, transaction) -> {
                            attempts.incrementAndGet();
                            int deleted;
                            try (PreparedStatement delete = transaction.prepareStatement(
                                    "delete from " + customers + " where subject_key = ?")) {
                                delete.setString(1, erasure.subjectKey());
                                deleted = delete.executeUpdate();
                            }
                            if (erasure.subjectKey().equals(failing)) {
                                throw new IllegalStateException("downstream index unavailable");
                            }
                            return DirectiveResult.done(deleted);
                        })
                        .start()) {
            HeedEvent<DirectiveIssued> done = heed.issue(DirectiveKind.ERASE, erased);
            HeedEvent<DirectiveIssued> failed = heed.issue(DirectiveKind.ERASE, failing);

            assertEquals(1L, read(heed.awaitAck(done)).data().recordsAffected());
            assertEquals(AckOutcome.FAILED, read(heed.awaitAck(failed)).data().outcome());
            assertEquals(AckOutcome.DONE, store.find(heed.systemId, done.data().directiveId()).orElseThrow()
                    .data().outcome(), "stored in the handler's transaction");
            assertEquals(AckOutcome.FAILED, store.find(heed.systemId, failed.data().directiveId()).orElseThrow()
                    .data().outcome());
        }
        assertEquals(3, attempts.get(), "1 for the first, 2 for the failing one");
        assertTrue(!exists(customers, erased), "deleted and committed");
        assertTrue(exists(customers, failing), "each failed attempt rolled back its deletion");
    }

    private boolean exists(String table, String subjectKey) throws SQLException {
        try (Connection c = database.getConnection();
                PreparedStatement q = c.prepareStatement("select 1 from " + table + " where subject_key = ?")) {
            q.setString(1, subjectKey);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static HeedEvent<DirectiveAcknowledgement> ack(String systemId, UUID directiveId, AckOutcome outcome,
            Long records, Instant at, String reference, String sha256) {
        DirectiveAcknowledgement ack = new DirectiveAcknowledgement(directiveId, systemId, outcome, records,
                outcome == AckOutcome.FAILED ? "failed" : null, reference, sha256, at);
        return HeedEvent.of(EventType.DIRECTIVE_ACKNOWLEDGED, Application.systemSource(systemId), at, ack);
    }
}
