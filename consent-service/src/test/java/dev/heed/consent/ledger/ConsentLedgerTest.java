package dev.heed.consent.ledger;

import static dev.heed.testkit.kafka.TopicReader.json;
import static dev.heed.testkit.kafka.TopicReader.header;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heed.directives.SystemRegistryView;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.Topics;
import dev.heed.events.consent.ConsentState;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.kafka.TopicReader;
import dev.heed.testkit.quarkus.HeedTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consent ledger end to end on the real broker and database: decisions over HTTP, the rows,
 * the records on the events and state topics (through the outbox relay), and the state derived
 * from the ledger now, over time and at past instants.
 */
@QuarkusTest
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent"))
class ConsentLedgerTest {

    private static final String ADMIN = TestTokens.PRIVACY_ADMIN;
    private static final String AGENT = TestTokens.SUPPORT_AGENT;
    private static final String AGENT_NAME = "test-support-agent";

    @Inject
    Pool database;

    @Inject
    SubjectKeys subjectKeys;

    @Inject
    Clock clock;

    @Inject
    SystemRegistryView registry;

    @ConfigProperty(name = "heed.testkit.kafka.bootstrap-servers")
    String bootstrapServers;

    private TopicReader events;
    private TopicReader states;

    @BeforeEach
    void readTheConsentTopics() {
        // A withdrawal fans out: it needs the registry view to have caught up (503 before).
        await().atMost(Duration.ofSeconds(60)).until(registry::isReady);
        events = new TopicReader(bootstrapServers, Topics.CONSENT_EVENTS);
        states = new TopicReader(bootstrapServers, Topics.CONSENT_STATE);
    }

    @AfterEach
    void close() {
        events.close();
        states.close();
    }

    @Test
    void aGrantIsRecordedUnderTheSubjectKeyAndPublishedOnBothTopics() {
        String purposeId = newPurpose();
        String customerId = newCustomerId();
        String subjectKey = subjectKeys.keyOf(customerId);
        Map<TopicPartition, Long> eventsFrom = events.end();
        Map<TopicPartition, Long> statesFrom = states.end();

        Map<String, Object> body = new HashMap<>(decision(customerId, purposeId, "GRANTED", "WEB"));
        body.put("collectorId", "signup-form");
        body.put("noticeVersion", "2026-03");
        body.put("jurisdiction", "DE");
        JsonPath recorded = given().auth().oauth2(TestTokens.forRole(ADMIN))
                .contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/consents")
                .then().statusCode(201)
                .body("subjectKey", is(subjectKey))
                .body("purposeId", is(purposeId))
                .body("purposeVersion", is(1))
                .body("decision", is("GRANTED"))
                .body("channel", is("WEB"))
                .body("collectorId", is("signup-form"))
                .body("noticeVersion", is("2026-03"))
                .body("jurisdiction", is("DE"))
                .body("gpc", is(false))
                .body("expiresAt", nullValue())
                .body(not(containsString(customerId)))
                .extract().jsonPath();
        String decisionId = recorded.getString("id");
        long version = recorded.getLong("version");
        assertThat(version, greaterThan(0L));
        Instant recordedAt = Instant.parse(recorded.getString("recordedAt"));

        Row row = database.preparedQuery("select * from consent_decision where id = $1")
                .execute(Tuple.of(UUID.fromString(decisionId))).await().atMost(Duration.ofSeconds(10))
                .iterator().next();
        assertThat(row.getLong("sequence"), is(version));
        assertThat(row.getString("subject_key"), is(subjectKey));
        assertThat(row.getString("purpose_id"), is(purposeId));
        assertThat(row.getInteger("purpose_version"), is(1));
        assertThat(row.getString("decision"), is("GRANTED"));
        assertThat(row.getString("channel"), is("WEB"));
        assertThat(row.getString("collector_id"), is("signup-form"));
        assertThat(row.getString("jurisdiction"), is("DE"));
        assertThat(row.getBoolean("gpc"), is(false));
        assertThat(row.getOffsetDateTime("recorded_at").toInstant(), is(recordedAt));
        assertThat(row.toJson().encode(), not(containsString(customerId)));

        ConsumerRecord<String, byte[]> event = events.awaitKey(eventsFrom, subjectKey);
        assertThat(header(event, CloudEventHeaders.TYPE), is("dev.heed.consent.granted.v1"));
        assertThat(header(event, CloudEventHeaders.SOURCE), is("/heed/consent-service"));
        assertThat(header(event, CloudEventHeaders.SUBJECT), is(subjectKey));
        assertNoRawIdentifier(event, customerId);
        JsonNode decision = json(event);
        assertThat(decision.path("decisionId").asText(), is(decisionId));
        assertThat(decision.path("subjectKey").asText(), is(subjectKey));
        assertThat(decision.path("purposeId").asText(), is(purposeId));
        assertThat(decision.path("purposeVersion").asInt(), is(1));
        assertThat(decision.path("decision").asText(), is("GRANTED"));
        assertThat(decision.path("channel").asText(), is("WEB"));
        assertThat(decision.path("collectorId").asText(), is("signup-form"));
        assertThat(Instant.parse(decision.path("recordedAt").asText()), is(recordedAt));

        String stateKey = ConsentState.keyOf(subjectKey, purposeId);
        ConsumerRecord<String, byte[]> stateRecord = states.awaitKey(statesFrom, stateKey);
        assertThat(header(stateRecord, CloudEventHeaders.TYPE), is("dev.heed.consent.state.v1"));
        assertThat(header(stateRecord, CloudEventHeaders.SUBJECT), is(subjectKey));
        assertNoRawIdentifier(stateRecord, customerId);
        JsonNode state = json(stateRecord);
        assertThat(state.path("subjectKey").asText(), is(subjectKey));
        assertThat(state.path("purposeId").asText(), is(purposeId));
        assertThat(state.path("purposeVersion").asInt(), is(1));
        assertThat(state.path("decision").asText(), is("GRANTED"));
        assertThat(state.path("decisionId").asText(), is(decisionId));
        assertThat(Instant.parse(state.path("updatedAt").asText()), is(recordedAt));

        for (String reader : List.of(AGENT, ADMIN, TestTokens.PRIVACY_OPERATOR)) {
            given().auth().oauth2(TestTokens.forRole(reader))
                    .when().get("/api/v1/subjects/" + customerId + "/consents")
                    .then().statusCode(200)
                    .body("subjectKey", is(subjectKey))
                    .body("consents.purposeId", contains(purposeId))
                    .body("consents.decision", contains("GRANTED"))
                    .body("consents.version", contains((int) version))
                    .body(not(containsString(customerId)));
        }
    }

    @Test
    void theStateFollowsGrantWithdrawAndRegrantAndIsKnownAtEveryPastInstant() {
        String purposeId = newPurpose();
        String otherPurposeId = newPurpose();
        String customerId = newCustomerId();
        String subjectKey = subjectKeys.keyOf(customerId);
        Map<TopicPartition, Long> eventsFrom = events.end();

        JsonPath granted = record(AGENT, decision(customerId, purposeId, "GRANTED", "SUPPORT_AGENT"));
        assertThat(granted.getString("collectorId"), is(AGENT_NAME));
        JsonPath denied = record(AGENT, decision(customerId, otherPurposeId, "DENIED", "PHONE"));
        assertThat(denied.getString("collectorId"), is(AGENT_NAME));
        JsonPath withdrawn = record(ADMIN, decision(customerId, purposeId, "WITHDRAWN", "WEB"));
        // A new version of the purpose: the re-grant is recorded against it.
        publishPurpose(purposeId, "Changed text");
        JsonPath regranted = record(ADMIN, decision(customerId, purposeId, "GRANTED", "APP"));
        assertThat(regranted.getInt("purposeVersion"), is(2));
        assertThat(withdrawn.getInt("purposeVersion"), is(1));

        List<JsonPath> inOrder = List.of(granted, denied, withdrawn, regranted);
        for (int i = 1; i < inOrder.size(); i++) {
            assertThat(inOrder.get(i).getLong("version"), greaterThan(inOrder.get(i - 1).getLong("version")));
        }

        // Now: the re-grant, and the denial of the other purpose.
        given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR))
                .when().get("/api/v1/subjects/" + customerId + "/consents")
                .then().statusCode(200)
                .body("consents.purposeId", is(sorted(purposeId, otherPurposeId)))
                .body("consents.find { it.purposeId == '" + purposeId + "' }.decision", is("GRANTED"))
                .body("consents.find { it.purposeId == '" + purposeId + "' }.id", is(regranted.getString("id")))
                .body("consents.find { it.purposeId == '" + purposeId + "' }.purposeVersion", is(2))
                .body("consents.find { it.purposeId == '" + otherPurposeId + "' }.decision", is("DENIED"));

        // The full history, in ledger order.
        given().auth().oauth2(TestTokens.forRole(AGENT))
                .when().get("/api/v1/subjects/" + customerId + "/consents/history")
                .then().statusCode(200)
                .body("subjectKey", is(subjectKey))
                .body("decisions.id", contains(granted.getString("id"), denied.getString("id"),
                        withdrawn.getString("id"), regranted.getString("id")))
                .body("decisions.decision", contains("GRANTED", "DENIED", "WITHDRAWN", "GRANTED"))
                .body("decisions.channel", contains("SUPPORT_AGENT", "PHONE", "WEB", "APP"));

        // The state at each point, on both endpoints that answer it.
        Instant beforeAll = recordedAt(granted).minusNanos(1000);
        assertStateAt(customerId, beforeAll, Map.of());
        assertStateAt(customerId, recordedAt(granted), Map.of(purposeId, granted));
        assertStateAt(customerId, recordedAt(denied), Map.of(purposeId, granted, otherPurposeId, denied));
        assertStateAt(customerId, recordedAt(withdrawn), Map.of(purposeId, withdrawn, otherPurposeId, denied));
        assertStateAt(customerId, recordedAt(regranted), Map.of(purposeId, regranted, otherPurposeId, denied));
        // Between two decisions, the earlier one holds.
        Instant betweenWithdrawalAndRegrant = recordedAt(withdrawn).plus(
                Duration.between(recordedAt(withdrawn), recordedAt(regranted)).dividedBy(2));
        if (betweenWithdrawalAndRegrant.isAfter(recordedAt(withdrawn))) {
            assertStateAt(customerId, betweenWithdrawalAndRegrant, Map.of(purposeId, withdrawn, otherPurposeId, denied));
        }

        // The withdrawal was published under the subject key with its own type.
        ConsumerRecord<String, byte[]> withdrawal = events.awaitRecord(eventsFrom, r -> subjectKey.equals(r.key())
                && "dev.heed.consent.withdrawn.v1".equals(header(r, CloudEventHeaders.TYPE)));
        assertThat(json(withdrawal).path("decisionId").asText(), is(withdrawn.getString("id")));
        assertNoRawIdentifier(withdrawal, customerId);
        ConsumerRecord<String, byte[]> denial = events.awaitRecord(eventsFrom, r -> subjectKey.equals(r.key())
                && "dev.heed.consent.denied.v1".equals(header(r, CloudEventHeaders.TYPE)));
        assertThat(json(denial).path("purposeId").asText(), is(otherPurposeId));
        assertThat(rowCount(subjectKey), is(4L));
    }

    @Test
    void aGrantPastItsExpiryReadsAsExpired() {
        String purposeId = newPurpose();
        String customerId = newCustomerId();
        Instant expiresAt = clock.instant().plusSeconds(3);
        Map<String, Object> body = new HashMap<>(decision(customerId, purposeId, "GRANTED", "WEB"));
        body.put("expiresAt", expiresAt.toString());
        JsonPath granted = record(ADMIN, body);
        assertThat(Instant.parse(granted.getString("expiresAt")), is(expiresAt));

        assertStateAt(customerId, recordedAt(granted), Map.of(purposeId, granted));
        given().auth().oauth2(TestTokens.forRole(ADMIN))
                .queryParam("at", expiresAt.toString())
                .when().get("/api/v1/subjects/" + customerId + "/consents/history")
                .then().statusCode(200)
                .body("consents.decision", contains("EXPIRED"))
                .body("consents.id", contains(granted.getString("id")));

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).until(() ->
                given().auth().oauth2(TestTokens.forRole(AGENT))
                        .when().get("/api/v1/subjects/" + customerId + "/consents")
                        .then().statusCode(200)
                        .extract().jsonPath().getList("consents.decision").equals(List.of("EXPIRED")));
        // The ledger still says what was recorded.
        given().auth().oauth2(TestTokens.forRole(AGENT))
                .when().get("/api/v1/subjects/" + customerId + "/consents/history")
                .then().statusCode(200)
                .body("decisions.decision", contains("GRANTED"));
    }

    @Test
    void concurrentDecisionsAboutOnePurposeLeaveTheLatestStateLastOnTheTopic() throws Exception {
        String purposeId = newPurpose();
        String customerId = newCustomerId();
        String stateKey = ConsentState.keyOf(subjectKeys.keyOf(customerId), purposeId);
        Map<TopicPartition, Long> statesFrom = states.end();
        int callers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<JsonPath> decisions = new ArrayList<>();
        try {
            List<Future<JsonPath>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String decision = i % 2 == 0 ? "GRANTED" : "WITHDRAWN";
                calls.add(pool.submit(() -> record(ADMIN, decision(customerId, purposeId, decision, "WEB"))));
            }
            for (Future<JsonPath> call : calls) {
                decisions.add(call.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        decisions.sort(Comparator.comparingLong(decision -> decision.getLong("version")));
        JsonPath latest = decisions.get(callers - 1);

        // One key, one partition: the state records arrive in ledger order, the latest decision last.
        List<String> published = new ArrayList<>();
        states.awaitRecord(statesFrom, r -> {
            if (stateKey.equals(r.key())) {
                published.add(json(r).path("decisionId").asText());
            }
            return published.size() == callers;
        });
        assertThat(published, is(decisions.stream().map(decision -> decision.getString("id")).toList()));
        given().auth().oauth2(TestTokens.forRole(ADMIN))
                .when().get("/api/v1/subjects/" + customerId + "/consents")
                .then().statusCode(200)
                .body("consents.id", contains(latest.getString("id")));
    }

    @Test
    void concurrentDecisionsAboutOneSubjectOnTwoPurposesArePublishedInLedgerOrder() throws Exception {
        String first = newPurpose();
        String second = newPurpose();
        String customerId = newCustomerId();
        String subjectKey = subjectKeys.keyOf(customerId);
        Map<TopicPartition, Long> eventsFrom = events.end();
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<JsonPath>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                String purposeId = i % 2 == 0 ? first : second;
                String decision = i % 4 < 2 ? "GRANTED" : "WITHDRAWN";
                calls.add(pool.submit(() -> record(ADMIN, decision(customerId, purposeId, decision, "WEB"))));
            }
            for (Future<JsonPath> call : calls) {
                call.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        // The ledger's sequence is the order the writers took turns on the subject; the events topic,
        // keyed by the subject alone, must carry the decisions in exactly that order.
        List<String> ledgerOrder = given().auth().oauth2(TestTokens.forRole(ADMIN))
                .when().get("/api/v1/subjects/" + customerId + "/consents/history")
                .then().statusCode(200)
                .extract().jsonPath().getList("decisions.id", String.class);
        assertThat(ledgerOrder.size(), is(callers));
        List<String> published = new ArrayList<>();
        events.awaitRecord(eventsFrom, r -> {
            if (subjectKey.equals(r.key())) {
                published.add(json(r).path("decisionId").asText());
            }
            return published.size() == callers;
        });
        assertThat(published, is(ledgerOrder));
    }

    @Test
    void aSupportAgentCollectsUnderTheirOwnName() {
        String purposeId = newPurpose();
        String customerId = newCustomerId();
        String subjectKey = subjectKeys.keyOf(customerId);

        Map<String, Object> someoneElse = new HashMap<>(decision(customerId, purposeId, "GRANTED", "PHONE"));
        someoneElse.put("collectorId", "another-agent");
        assertRefused(AGENT, someoneElse, "collectorId", customerId);
        // Nor can an administrator attribute a support-agent decision to someone else.
        Map<String, Object> attributed = new HashMap<>(decision(customerId, purposeId, "GRANTED", "SUPPORT_AGENT"));
        attributed.put("collectorId", "another-agent");
        assertRefused(ADMIN, attributed, "collectorId", customerId);
        assertNothingWritten(subjectKey, purposeId);

        Map<String, Object> self = new HashMap<>(decision(customerId, purposeId, "GRANTED", "PHONE"));
        self.put("collectorId", AGENT_NAME);
        assertThat(record(AGENT, self).getString("collectorId"), is(AGENT_NAME));
        assertThat(record(ADMIN, decision(customerId, purposeId, "WITHDRAWN", "SUPPORT_AGENT"))
                .getString("collectorId"), is("test-privacy-admin"));
    }

    @Test
    void refusesCallersWithoutTheRightRole() {
        String purposeId = newPurpose();
        String customerId = newCustomerId();
        Map<String, Object> body = decision(customerId, purposeId, "GRANTED", "WEB");

        given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/consents")
                .then().statusCode(401);
        for (String role : List.of(TestTokens.PRIVACY_OPERATOR, TestTokens.AUDITOR, TestTokens.SYSTEM, "customer")) {
            given().auth().oauth2(TestTokens.forRole(role))
                    .contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/consents")
                    .then().statusCode(403);
        }
        given().auth().oauth2(TestTokens.forSystem("crm"))
                .contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/consents")
                .then().statusCode(403);
        for (String path : List.of("/consents", "/consents/history")) {
            given().when().get("/api/v1/subjects/" + customerId + path).then().statusCode(401);
            for (String role : List.of(TestTokens.AUDITOR, TestTokens.SYSTEM, "customer")) {
                given().auth().oauth2(TestTokens.forRole(role))
                        .when().get("/api/v1/subjects/" + customerId + path)
                        .then().statusCode(403);
            }
        }
        assertNothingWritten(subjectKeys.keyOf(customerId), purposeId);
    }

    @Test
    void refusesBadInputNamingTheFieldAndWritesNothing() {
        String purposeId = newPurpose();
        String customerId = newCustomerId();
        Map<String, Object> grant = decision(customerId, purposeId, "GRANTED", "WEB");

        assertRefused(ADMIN, without(grant, "customerId"), "customerId", customerId);
        assertRefused(ADMIN, with(grant, "customerId", "   "), "customerId", customerId);
        assertRefused(ADMIN, without(grant, "purposeId"), "purposeId", customerId);
        assertRefused(ADMIN, with(grant, "purposeId", "Not A Purpose"), "purposeId", customerId);
        assertRefused(ADMIN, without(grant, "decision"), "decision", customerId);
        assertRefused(ADMIN, with(grant, "decision", "MAYBE"), "decision", customerId);
        assertRefused(ADMIN, with(grant, "decision", "EXPIRED"), "decision", customerId);
        assertRefused(ADMIN, without(grant, "channel"), "channel", customerId);
        assertRefused(ADMIN, with(grant, "channel", "CARRIER_PIGEON"), "channel", customerId);
        assertRefused(ADMIN, with(grant, "expiresAt", "next tuesday"), "expiresAt", customerId);
        assertRefused(ADMIN, with(grant, "expiresAt", clock.instant().minusSeconds(60).toString()), "expiresAt",
                customerId);
        assertRefused(ADMIN, with(decision(customerId, purposeId, "WITHDRAWN", "WEB"), "expiresAt",
                clock.instant().plusSeconds(3600).toString()), "expiresAt", customerId);
        assertRefused(ADMIN, with(grant, "jurisdiction", "Germany"), "jurisdiction", customerId);
        assertRefused(ADMIN, with(grant, "gpc", "perhaps"), "gpc", customerId);

        given().auth().oauth2(TestTokens.forRole(ADMIN))
                .contentType(ContentType.JSON).body("{\"customerId\": \"" + customerId + "\", ")
                .when().post("/api/v1/consents")
                .then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body(not(containsString(customerId)));

        for (String path : List.of("/consents", "/consents/history")) {
            given().auth().oauth2(TestTokens.forRole(ADMIN))
                    .queryParam("at", "3 March")
                    .when().get("/api/v1/subjects/" + customerId + path)
                    .then().statusCode(400)
                    .contentType(containsString("application/problem+json"))
                    .body("errors[0].field", is("at"));
        }
        assertNothingWritten(subjectKeys.keyOf(customerId), purposeId);
    }

    @Test
    void refusesADecisionAboutAnUnknownPurposeAndWritesNothing() {
        String purposeId = "unknown-" + UUID.randomUUID().toString().substring(0, 8);
        String customerId = newCustomerId();
        assertRefused(ADMIN, decision(customerId, purposeId, "GRANTED", "WEB"), "purposeId", customerId);
        assertRefused(AGENT, decision(customerId, purposeId, "WITHDRAWN", "SUPPORT_AGENT"), "purposeId", customerId);
        assertNothingWritten(subjectKeys.keyOf(customerId), purposeId);
        given().auth().oauth2(TestTokens.forRole(ADMIN))
                .when().get("/api/v1/subjects/" + customerId + "/consents")
                .then().statusCode(200)
                .body("consents", empty());
    }

    private void assertStateAt(String customerId, Instant at, Map<String, JsonPath> expected) {
        for (String path : List.of("/consents", "/consents/history")) {
            JsonPath state = given().auth().oauth2(TestTokens.forRole(AGENT))
                    .queryParam("at", at.toString())
                    .when().get("/api/v1/subjects/" + customerId + path)
                    .then().statusCode(200)
                    .extract().jsonPath();
            assertThat(Instant.parse(state.getString("at")), is(at));
            List<Map<String, Object>> consents = state.getList("consents");
            assertThat(path + " at " + at, consents.stream().map(c -> (String) c.get("purposeId")).toList(),
                    is(expected.keySet().stream().sorted().toList()));
            for (Map<String, Object> consent : consents) {
                JsonPath decision = expected.get((String) consent.get("purposeId"));
                assertThat(consent.get("id"), is(decision.getString("id")));
                assertThat(consent.get("decision"), is(decision.getString("decision")));
            }
        }
    }

    private void assertNothingWritten(String subjectKey, String purposeId) {
        assertThat(rowCount(subjectKey), is(0L));
        long queued = database.preparedQuery("select count(*) from heed_platform.outbox"
                        + " where message_key = $1 or message_key = $2")
                .execute(Tuple.of(subjectKey, ConsentState.keyOf(subjectKey, purposeId)))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
        assertThat(queued, is(0L));
    }

    private static void assertRefused(String role, Map<String, Object> body, String field, String customerId) {
        given().auth().oauth2(TestTokens.forRole(role))
                .contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/consents")
                .then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("status", is(400))
                .body("errors[0].field", is(field))
                .body(not(containsString(customerId)));
    }

    private static void assertNoRawIdentifier(ConsumerRecord<String, byte[]> record, String customerId) {
        assertThat(record.key(), not(containsString(customerId)));
        assertThat(new String(record.value(), StandardCharsets.UTF_8), not(containsString(customerId)));
        for (Header header : record.headers()) {
            assertThat(header.key(), new String(header.value(), StandardCharsets.UTF_8),
                    not(containsString(customerId)));
        }
    }

    private static JsonPath record(String role, Map<String, Object> body) {
        return given().auth().oauth2(TestTokens.forRole(role))
                .contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/consents")
                .then().statusCode(201)
                .extract().jsonPath();
    }

    private static Instant recordedAt(JsonPath decision) {
        return Instant.parse(decision.getString("recordedAt"));
    }

    private static Map<String, Object> decision(String customerId, String purposeId, String decision, String channel) {
        return Map.of("customerId", customerId, "purposeId", purposeId, "decision", decision, "channel", channel);
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> changed = new HashMap<>(body);
        changed.put(field, value);
        return changed;
    }

    private static Map<String, Object> without(Map<String, Object> body, String field) {
        Map<String, Object> changed = new HashMap<>(body);
        changed.remove(field);
        return changed;
    }

    private static List<String> sorted(String... values) {
        return java.util.Arrays.stream(values).sorted().toList();
    }

    /** A customer id distinctive enough that finding it in a record means it leaked. */
    private static String newCustomerId() {
        return "customer-" + UUID.randomUUID();
    }

    private static String newPurpose() {
        String purposeId = "purpose-" + UUID.randomUUID().toString().substring(0, 8);
        publishPurpose(purposeId, "Marketing e-mails");
        return purposeId;
    }

    private static void publishPurpose(String purposeId, String name) {
        given().auth().oauth2(TestTokens.forRole(ADMIN))
                .contentType(ContentType.JSON)
                .body(Map.of("purposeId", purposeId, "name", name, "description", "News by e-mail.",
                        "legalBasis", "CONSENT", "dataCategories", List.of("contact")))
                .when().post("/api/v1/purposes")
                .then().statusCode(is(org.hamcrest.Matchers.oneOf(200, 201)));
    }

    private long rowCount(String subjectKey) {
        return database.preparedQuery("select count(*) from consent_decision where subject_key = $1")
                .execute(Tuple.of(subjectKey)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }

}
