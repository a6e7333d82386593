package dev.heed.audit.ingest;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.heed.audit.support.AuditTables;
import dev.heed.audit.support.Producing;
import dev.heed.platform.leadership.Leadership;
import dev.heed.events.DeadLetterHeaders;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.directive.DirectiveIssued;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.operator.OperatorAction;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.quarkus.HeedTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * Events carrying an e-mail address (a directive's identities and corrected values, an operator's
 * free text, a dead letter, a record that is no CloudEvent) and a subject query by customer id leave
 * neither the address, nor its SHA-256 or MD5 hex, nor the customer id anywhere in the database.
 */
@QuarkusTest
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
class NoIdentifierStoredTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    Pool database;
    @Inject
    SubjectKeys subjectKeys;
    @Inject
    Leadership leadership;

    @Test
    void neitherAnAddressNorItsHashesNorACustomerIdIsStoredAnywhere() throws Exception {
        AuditTables tables = new AuditTables(database);
        await().atMost(WAIT).until(leadership::isLeader);
        String address = "ada." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String customerId = "customer-" + UUID.randomUUID();
        String subject = subjectKeys.keyOf(customerId);
        UUID directiveId = UUID.randomUUID();
        Instant now = Instant.now();
        HeedEvent<DirectiveIssued> directive = HeedEvent.of(EventType.DIRECTIVE_ISSUED, "/heed/dsr-service", now,
                new DirectiveIssued(directiveId, DirectiveKind.RECTIFY, "dsr-service", "crm", subject,
                        Map.of("email", List.of(address)), null, Set.of("contact"), Map.of("email", address),
                        UUID.randomUUID().toString(), now, now.plusSeconds(3600)));
        HeedEvent<OperatorAction> action = HeedEvent.of(EventType.DSR_OPERATOR_ACTION, "/heed/dsr-service", now,
                new OperatorAction(UUID.randomUUID(), "test-operator", "privacy-operator", "request.approved",
                        directiveId.toString(), subject, "asked by " + address, now));
        RecordHeaders deadHeaders = new RecordHeaders();
        directive.writeHeaders(deadHeaders);
        deadHeaders.add(DeadLetterHeaders.REASON, ("no customer for " + address).getBytes(UTF_8));
        deadHeaders.add(DeadLetterHeaders.TOPIC, Topics.directives("crm").getBytes(UTF_8));
        String unreadableKey = "unreadable-" + UUID.randomUUID();

        try (Producing producing = new Producing()) {
            producing.send(Topics.directives("crm"), directive);
            producing.send(Topics.DSR_EVENTS, action);
            producing.send(new ProducerRecord<>(Topics.dlq(Topics.directives("crm")), null, subject,
                    directive.dataBytes(), deadHeaders));
            producing.send(new ProducerRecord<>(Topics.DSR_EVENTS, unreadableKey,
                    ("{\"email\":\"" + address + "\"}").getBytes(UTF_8)));
        }
        given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                .when().get("/api/v1/audit/subjects/{customerId}/entries", customerId)
                .then().statusCode(200);
        // The directive, the action (its target), the dead letter and the query, all by subject or directive.
        await().atMost(WAIT).until(() -> tables.count("select count(*) from audit_entry where $1 = any(subject_keys)",
                subject) == 4);
        await().atMost(WAIT).until(() -> tables.count("select count(*) from audit_entry where event_type = $1"
                + " and topic = $2 and record like '%' || $3 || '%'", "unreadable", Topics.DSR_EVENTS,
                "not a CloudEvent") >= 1);
        await().atMost(WAIT).until(() -> tables.count("select count(*) from intake") == 0);

        String everything = tables.everyRowAsText().toLowerCase(Locale.ROOT);
        for (String secret : List.of(address, hex("SHA-256", address), hex("MD5", address), customerId)) {
            assertFalse(everything.contains(secret.toLowerCase(Locale.ROOT)),
                    "found an identifier or its hash in the database");
        }
        assertEquals(Set.of("dev.heed.directive.issued.v1", "dev.heed.dsr.operator-action.v1", "dead-letter",
                        "dev.heed.audit.queried.v1"),
                Set.copyOf(tables.column("select event_type from audit_entry where $1 = any(subject_keys)", subject)));
    }

    private static String hex(String algorithm, String value) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(value.getBytes(UTF_8)));
    }
}
