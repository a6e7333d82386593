package dev.heed.retention.hold;

import static dev.heed.testkit.kafka.TopicReader.header;
import static dev.heed.testkit.kafka.TopicReader.json;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heed.platform.leadership.Leadership;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.EventType;
import dev.heed.events.Topics;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.retention.support.MovableTime;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.kafka.TopicReader;
import dev.heed.testkit.quarkus.HeedTestResource;
import dev.heed.testkit.time.MutableClock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Legal holds placed and released over HTTP, stored and published on the real broker and database. */
@QuarkusTest
@TestProfile(MovableTime.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "retention"))
class LegalHoldTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ADMIN = TestTokens.forRole(TestTokens.PRIVACY_ADMIN);

    @Inject
    SubjectKeys subjectKeys;
    @Inject
    Pool database;
    @Inject
    MutableClock clock;
    @Inject
    Leadership leadership;
    @Inject
    HoldGauges gauges;

    @ConfigProperty(name = "heed.testkit.kafka.bootstrap-servers")
    String bootstrapServers;

    @BeforeEach
    void leader() {
        await().atMost(WAIT).until(leadership::isLeader);
    }

    @Test
    void aSubjectHoldIsPublishedBySubjectKeyAndItsPlacementNamesTheActor() {
        String customerId = "customer-" + UUID.randomUUID();
        String subjectKey = subjectKeys.keyOf(customerId);
        LocalDate review = today().plusDays(30);

        try (TopicReader holds = new TopicReader(bootstrapServers, Topics.LEGAL_HOLDS);
                TopicReader events = new TopicReader(bootstrapServers, Topics.RETENTION_EVENTS)) {
            Map<TopicPartition, Long> holdsFrom = holds.end();
            Map<TopicPartition, Long> eventsFrom = events.end();

            ExtractableResponse<Response> response = given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                    .body(Map.of("scope", "SUBJECT", "customerId", customerId, "dataCategories", List.of("billing"),
                            "caseReference", "case-2026-114", "reason", "pending litigation",
                            "reviewDate", review.toString()))
                    .when().post("/api/v1/holds")
                    .then().statusCode(201).extract();
            JsonPath placed = response.jsonPath();
            String holdId = placed.getString("id");
            assertThat(response.header("Location"), endsWith("/api/v1/holds/" + holdId));
            assertThat(placed.getList("subjectKeys"), contains(subjectKey));
            assertThat(placed.getString("placedBy"), is("test-privacy-admin"));
            assertThat(placed.getBoolean("active"), is(true));

            ConsumerRecord<String, byte[]> hold = holds.awaitKey(holdsFrom, holdId);
            assertThat(header(hold, CloudEventHeaders.TYPE), is(EventType.RETENTION_HOLD_PLACED.type()));
            JsonNode held = json(hold);
            assertThat(held.path("scope").asText(), is("SUBJECT"));
            assertThat(held.path("subjectKeys").toString(), is("[\"" + subjectKey + "\"]"));
            assertThat(held.path("dataCategories").toString(), is("[\"billing\"]"));
            assertThat(held.path("matter").asText(), is("case-2026-114"));
            assertThat(held.path("reviewDate").asText(), is(review.toString()));
            assertThat(held.path("placedBy").asText(), is("test-privacy-admin"));

            ConsumerRecord<String, byte[]> action = events.awaitKey(eventsFrom, holdId);
            assertThat(header(action, CloudEventHeaders.TYPE), is(EventType.RETENTION_OPERATOR_ACTION.type()));
            JsonNode performed = json(action);
            assertThat(performed.path("action").asText(), is(LegalHolds.PLACED));
            assertThat(performed.path("actor").asText(), is("test-privacy-admin"));
            assertThat(performed.path("role").asText(), is("privacy-admin"));
            assertThat(performed.path("target").asText(), is(holdId));
            assertThat(performed.path("subjectKey").asText(), is(subjectKey));
            assertThat(performed.path("reason").asText(), is("case-2026-114: pending litigation"));

            assertThat(everything(hold), not(containsString(customerId)));
            assertThat(everything(action), not(containsString(customerId)));
            assertThat(customerIdsStored(holdId), contains(customerId));

            JsonPath read = given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR))
                    .when().get("/api/v1/holds/" + holdId)
                    .then().statusCode(200).extract().jsonPath();
            assertThat(read.getString("caseReference"), is("case-2026-114"));
            assertThat(read.getString("reviewDate"), is(review.toString()));
            assertThat(read.prettify(), not(containsString(customerId)));
            given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                    .queryParam("active", "true")
                    .when().get("/api/v1/holds")
                    .then().statusCode(200).body("id", hasItem(holdId));
        }
    }

    @Test
    void releasingACaseHoldTombstonesItPublishesTheReleaseAndForgetsTheCustomerIds() {
        List<String> customers = List.of("customer-" + UUID.randomUUID(), "customer-" + UUID.randomUUID());
        String holdId = place(Map.of("scope", "CASE", "customerIds", customers, "caseReference", "case-2026-115",
                "reason", "regulator request"));
        assertThat(customerIdsStored(holdId), is(customers));

        try (TopicReader holds = new TopicReader(bootstrapServers, Topics.LEGAL_HOLDS);
                TopicReader events = new TopicReader(bootstrapServers, Topics.RETENTION_EVENTS)) {
            Map<TopicPartition, Long> holdsFrom = holds.end();
            Map<TopicPartition, Long> eventsFrom = events.end();

            JsonPath released = given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                    .body(Map.of("reason", "case closed"))
                    .when().post("/api/v1/holds/" + holdId + "/release")
                    .then().statusCode(200).extract().jsonPath();
            assertThat(released.getBoolean("active"), is(false));
            assertThat(released.getString("releasedBy"), is("test-privacy-admin"));
            assertThat(released.getString("releaseReason"), is("case closed"));

            ConsumerRecord<String, byte[]> tombstone = holds.awaitKey(holdsFrom, holdId);
            assertThat(tombstone.value(), nullValue());
            ConsumerRecord<String, byte[]> release = events.awaitKey(eventsFrom, holdId);
            assertThat(header(release, CloudEventHeaders.TYPE), is(EventType.RETENTION_HOLD_RELEASED.type()));
            assertThat(json(release).path("releasedBy").asText(), is("test-privacy-admin"));
            assertThat(json(release).path("reason").asText(), is("case closed"));
            assertThat(customerIdsStored(holdId), is(empty()));
        }

        long rows = outboxRows();
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("reason", "again"))
                .when().post("/api/v1/holds/" + holdId + "/release")
                .then().statusCode(409).contentType("application/problem+json");
        assertThat(outboxRows(), is(rows));
        given().auth().oauth2(ADMIN).queryParam("active", "false")
                .when().get("/api/v1/holds")
                .then().statusCode(200).body("id", hasItem(holdId));
        given().auth().oauth2(ADMIN).queryParam("active", "true")
                .when().get("/api/v1/holds")
                .then().statusCode(200).body("id", not(hasItem(holdId)));
    }

    @Test
    void badInputWrongRolesAndUnknownHoldsAreRefusedWithNothingWritten() {
        String active = place(Map.of("scope", "DATA_CATEGORY", "dataCategories", List.of("contact"),
                "caseReference", "audit-2026", "reason", "tax audit"));
        awaitRelayIdle();
        long holds = holdRows();
        long outbox = outboxRows();
        Map<String, Map<TopicPartition, Long>> ends = endOffsets();

        String yesterday = today().minusDays(1).toString();
        Map<String, Map<String, Object>> refused = new LinkedHashMap<>();
        refused.put("scope", Map.of("customerId", "c-1", "caseReference", "c", "reason", "r"));
        refused.put("customerId", Map.of("scope", "SUBJECT", "customerId", " ", "caseReference", "c", "reason", "r"));
        refused.put("customerIds", Map.of("scope", "CASE", "customerIds", List.of(), "caseReference", "c",
                "reason", "r"));
        refused.put("customerIds[1]", Map.of("scope", "CASE", "customerIds", List.of("c-1", ""),
                "caseReference", "c", "reason", "r"));
        refused.put("dataCategories", Map.of("scope", "DATA_CATEGORY", "caseReference", "c", "reason", "r"));
        refused.put("dataCategories[0]", Map.of("scope", "DATA_CATEGORY", "dataCategories", List.of("Not A Category"),
                "caseReference", "c", "reason", "r"));
        refused.put("caseReference", Map.of("scope", "SUBJECT", "customerId", "c-1", "caseReference", "",
                "reason", "r"));
        refused.put("reason", Map.of("scope", "SUBJECT", "customerId", "c-1", "caseReference", "c"));
        refused.put("reviewDate", Map.of("scope", "SUBJECT", "customerId", "c-1", "caseReference", "c",
                "reason", "r", "reviewDate", yesterday));
        refused.put("matter", Map.of("scope", "SUBJECT", "customerId", "c-1", "caseReference", "c",
                "reason", "r", "matter", "unknown field"));
        for (Map.Entry<String, Map<String, Object>> body : refused.entrySet()) {
            given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body.getValue())
                    .when().post("/api/v1/holds")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", is(body.getKey()));
        }
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body("{\"scope\":\"EVERYTHING\",\"customerId\":\"c-1\",\"caseReference\":\"c\",\"reason\":\"r\"}")
                .when().post("/api/v1/holds")
                .then().statusCode(400).body("errors[0].field", is("scope"));
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON)
                .body("{\"scope\":\"SUBJECT\",\"customerId\":\"c-1\",\"caseReference\":\"c\",\"reason\":\"r\","
                        + "\"reviewDate\":\"next week\"}")
                .when().post("/api/v1/holds")
                .then().statusCode(400).body("errors[0].field", is("reviewDate"));

        Map<String, Object> valid = Map.of("scope", "SUBJECT", "customerId", "c-1", "caseReference", "c",
                "reason", "r");
        for (String role : List.of(TestTokens.PRIVACY_OPERATOR, TestTokens.AUDITOR, TestTokens.SUPPORT_AGENT)) {
            given().auth().oauth2(TestTokens.forRole(role)).contentType(ContentType.JSON).body(valid)
                    .when().post("/api/v1/holds").then().statusCode(403);
            given().auth().oauth2(TestTokens.forRole(role)).contentType(ContentType.JSON)
                    .body(Map.of("reason", "r"))
                    .when().post("/api/v1/holds/" + active + "/release").then().statusCode(403);
        }
        given().contentType(ContentType.JSON).body(valid).when().post("/api/v1/holds").then().statusCode(401);
        given().auth().oauth2(TestTokens.forRole(TestTokens.SUPPORT_AGENT))
                .when().get("/api/v1/holds").then().statusCode(403);

        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("reason", "r"))
                .when().post("/api/v1/holds/" + UUID.randomUUID() + "/release")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(Map.of("reason", " "))
                .when().post("/api/v1/holds/" + active + "/release")
                .then().statusCode(400).body("errors[0].field", is("reason"));
        given().auth().oauth2(ADMIN).when().get("/api/v1/holds/" + UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(ADMIN).when().get("/api/v1/holds/not-a-uuid")
                .then().statusCode(400).body("errors[0].field", is("id"));
        given().auth().oauth2(ADMIN).queryParam("reviewOverdue", "yes")
                .when().get("/api/v1/holds")
                .then().statusCode(400).body("errors[0].field", is("reviewOverdue"));

        assertThat(holdRows(), is(holds));
        assertThat(outboxRows(), is(outbox));
        assertThat(endOffsets(), is(ends));
        given().auth().oauth2(ADMIN).when().get("/api/v1/holds/" + active)
                .then().statusCode(200).body("active", is(true));
    }

    @Test
    void anActiveHoldPastItsReviewDateIsReportedAndCounted() {
        String dueTomorrow = place(Map.of("scope", "SUBJECT", "customerId", "customer-" + UUID.randomUUID(),
                "caseReference", "case-2026-116", "reason", "investigation",
                "reviewDate", today().plusDays(1).toString()));
        String noReview = place(Map.of("scope", "SUBJECT", "customerId", "customer-" + UUID.randomUUID(),
                "caseReference", "case-2026-117", "reason", "investigation"));
        assertThat(overdue(), not(hasItem(dueTomorrow)));

        clock.advance(Duration.ofDays(1));
        assertThat("due today is not overdue yet", overdue(), not(hasItem(dueTomorrow)));
        clock.advance(Duration.ofDays(1));
        List<String> overdue = overdue();
        assertThat(overdue, hasItem(dueTomorrow));
        assertThat(overdue, not(hasItem(noReview)));
        given().auth().oauth2(ADMIN).when().get("/api/v1/holds/" + dueTomorrow)
                .then().statusCode(200).body("reviewOverdue", is(true));

        onVertx(gauges::refresh);
        int active = given().auth().oauth2(ADMIN).queryParam("active", "true").when().get("/api/v1/holds")
                .then().statusCode(200).extract().jsonPath().getList("id").size();
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics, containsString("heed_retention_holds_review_overdue " + (double) overdue.size()));
        assertThat(metrics, containsString("heed_retention_holds_active " + (double) active));
    }

    private List<String> overdue() {
        return given().auth().oauth2(ADMIN).queryParam("reviewOverdue", "true")
                .when().get("/api/v1/holds")
                .then().statusCode(200).extract().jsonPath().getList("id");
    }

    private String place(Map<String, Object> body) {
        return given().auth().oauth2(ADMIN).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/holds")
                .then().statusCode(201).extract().jsonPath().getString("id");
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private List<String> customerIdsStored(String holdId) {
        Row row = database.preparedQuery("select customer_ids from legal_hold where id = $1")
                .execute(Tuple.of(UUID.fromString(holdId))).await().atMost(WAIT).iterator().next();
        return List.of(row.getArrayOfStrings("customer_ids"));
    }

    private long holdRows() {
        return count("select count(*) from legal_hold");
    }

    private long outboxRows() {
        return count("select count(*) from heed_platform.outbox");
    }

    private void awaitRelayIdle() {
        await().atMost(WAIT).until(() -> count("select count(*) from heed_platform.outbox where sent_at is null") == 0);
    }

    private long count(String sql) {
        return database.query(sql).execute().await().atMost(WAIT).iterator().next().getLong(0);
    }

    private Map<String, Map<TopicPartition, Long>> endOffsets() {
        Map<String, Map<TopicPartition, Long>> ends = new LinkedHashMap<>();
        for (String topic : List.of(Topics.LEGAL_HOLDS, Topics.RETENTION_EVENTS)) {
            try (TopicReader reader = new TopicReader(bootstrapServers, topic)) {
                ends.put(topic, reader.end());
            }
        }
        return ends;
    }

    /** Key, headers and value of a record as text, to look for what must not be there. */
    private static String everything(ConsumerRecord<String, byte[]> record) {
        StringBuilder text = new StringBuilder(String.valueOf(record.key()));
        for (Header header : record.headers()) {
            text.append(' ').append(new String(header.value(), StandardCharsets.UTF_8));
        }
        return text.append(' ').append(new String(record.value(), StandardCharsets.UTF_8)).toString();
    }

    /** Runs reactive code that needs a Panache session on a Vert.x context of its own. */
    private static void onVertx(Supplier<Uni<Void>> work) {
        try {
            VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }
}
