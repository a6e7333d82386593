package dev.heed.consent.ledger;

import static dev.heed.consent.support.Consents.decision;
import static dev.heed.consent.support.Consents.newCustomerId;
import static dev.heed.consent.support.Consents.newPurpose;
import static dev.heed.consent.support.Consents.record;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.heed.events.Topics;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.kafka.TopicReader;
import dev.heed.testkit.quarkus.HeedTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Every kind of refused request, and afterwards the consent tables hold exactly the rows they
 * held before and the consent topics end where they ended: a refusal writes nothing anywhere.
 */
@QuarkusTest
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent"))
class RefusalsWriteNothingTest {

    private static final List<String> TABLES = List.of("consent_decision", "consent_receipt", "purpose_version",
            "erased_subject");
    private static final List<String> TOPICS = List.of(Topics.CONSENT_EVENTS, Topics.CONSENT_STATE, Topics.PURPOSES);

    @Inject
    Pool database;

    @ConfigProperty(name = "heed.testkit.kafka.bootstrap-servers")
    String bootstrapServers;

    @Test
    void refusedRequestsLeaveEveryTableAndTopicAsItWas() {
        String purposeId = newPurpose("CONSENT");
        String customerId = newCustomerId();
        record(decision(customerId, purposeId, "GRANTED"));
        Map<String, Long> rowsBefore = rowCounts();
        Map<String, Map<TopicPartition, Long>> endsBefore = topicEnds();

        Map<String, Object> grant = decision(customerId, purposeId, "GRANTED");
        consent(TestTokens.PRIVACY_ADMIN, with(grant, "purposeId", "no-such-purpose")).statusCode(400)
                .body("errors[0].field", is("purposeId"));
        consent(TestTokens.PRIVACY_ADMIN, with(grant, "customerId", null)).statusCode(400)
                .body("errors[0].field", is("customerId"));
        consent(TestTokens.PRIVACY_ADMIN, with(grant, "channel", null)).statusCode(400)
                .body("errors[0].field", is("channel"));
        consent(TestTokens.PRIVACY_ADMIN, with(grant, "channel", "DATA_SUBJECT_REQUEST")).statusCode(400)
                .body("errors[0].field", is("channel"));
        consent(TestTokens.PRIVACY_ADMIN, "{\"customerId\": \"" + customerId + "\", \"purposeId\": ").statusCode(400);
        consent(TestTokens.PRIVACY_ADMIN, "[1, 2, 3]").statusCode(400);
        for (String role : List.of(TestTokens.AUDITOR, TestTokens.SYSTEM)) {
            given().auth().oauth2(TestTokens.forRole(role)).contentType(ContentType.JSON).body(grant)
                    .when().post("/api/v1/consents").then().statusCode(403);
        }
        given().contentType(ContentType.JSON).body(grant).when().post("/api/v1/consents").then().statusCode(401);

        // 64 KiB is the limit: a larger body is refused before any resource reads it.
        Map<String, Object> oversized = with(grant, "noticeVersion", "x".repeat(70_000));
        consent(TestTokens.PRIVACY_ADMIN, oversized).statusCode(413)
                .contentType(containsString("application/problem+json"))
                .body("status", is(413));

        given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_ADMIN))
                .contentType(ContentType.JSON)
                .body(Map.of("purposeId", purposeId, "name", "", "legalBasis", "CONSENT",
                        "dataCategories", List.of("contact")))
                .when().post("/api/v1/purposes")
                .then().statusCode(400).contentType(containsString("application/problem+json"));
        given().auth().oauth2(TestTokens.forRole(TestTokens.SUPPORT_AGENT))
                .contentType(ContentType.JSON)
                .body(Map.of("purposeId", "agents-may-not", "name", "x", "legalBasis", "CONSENT",
                        "dataCategories", List.of("contact")))
                .when().post("/api/v1/purposes")
                .then().statusCode(403);

        // Whatever a refusal might have queued would be published by now.
        awaitOutboxDrained();
        assertThat(rowCounts(), is(rowsBefore));
        assertThat(topicEnds(), is(endsBefore));
    }

    @Test
    void aBodyBreakingSeveralConstraintsNamesEachFieldEchoesNoValueAndWritesNothing() {
        String purposeId = newPurpose("CONSENT");
        Map<String, Long> rowsBefore = rowCounts();
        Map<String, Map<TopicPartition, Long>> endsBefore = topicEnds();
        String tooLong = "customer-" + "x".repeat(DecisionRequest.MAX_CUSTOMER_ID);

        Map<String, Object> broken = with(with(decision(tooLong, purposeId, "GRANTED"), "jurisdiction", "Germany"),
                "collectorId", " ");
        consent(TestTokens.PRIVACY_ADMIN, broken).statusCode(400)
                .body("type", is("https://heed.dev/problems/invalid-request"))
                .body("errors.field", containsInAnyOrder("collectorId", "customerId", "jurisdiction"))
                .body(not(containsString("xxxx")))
                .body(not(containsString("Germany")));

        awaitOutboxDrained();
        assertThat(rowCounts(), is(rowsBefore));
        assertThat(topicEnds(), is(endsBefore));
    }

    private static ValidatableResponse consent(String role, Object body) {
        return given().auth().oauth2(TestTokens.forRole(role))
                .contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/consents")
                .then()
                .contentType(containsString("application/problem+json"))
                .body(not(containsString("customer-")));
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> changed = new HashMap<>(body);
        changed.put(field, value);
        return changed;
    }

    private Map<String, Long> rowCounts() {
        awaitOutboxDrained();
        Map<String, Long> counts = new HashMap<>();
        for (String table : TABLES) {
            counts.put(table, database.query("select count(*) from " + table).execute()
                    .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0));
        }
        return counts;
    }

    private Map<String, Map<TopicPartition, Long>> topicEnds() {
        Map<String, Map<TopicPartition, Long>> ends = new HashMap<>();
        for (String topic : TOPICS) {
            try (TopicReader reader = new TopicReader(bootstrapServers, topic)) {
                ends.put(topic, reader.end());
            }
        }
        return ends;
    }

    private void awaitOutboxDrained() {
        await().atMost(Duration.ofSeconds(15)).until(() -> database.preparedQuery(
                        "select count(*) from heed_platform.outbox where sent_at is null and topic = any ($1)")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(TOPICS.toArray(String[]::new)))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0) == 0);
    }
}
