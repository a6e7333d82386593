package dev.heed.retention.policy;

import static dev.heed.testkit.kafka.TopicReader.header;
import static dev.heed.testkit.kafka.TopicReader.json;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heed.directives.SystemRegistryView;
import dev.heed.events.EventType;
import dev.heed.events.Topics;
import dev.heed.retention.catalogue.PurposeCatalogueView;
import dev.heed.retention.support.Catalogue;
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
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A change is a new version naming who and why; the version in force at any past instant is shown. */
@QuarkusTest
@TestProfile(MovableTime.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "retention"))
class PolicyVersioningTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    PurposeCatalogueView catalogue;
    @Inject
    SystemRegistryView registry;
    @Inject
    MutableClock clock;

    @ConfigProperty(name = "heed.testkit.kafka.bootstrap-servers")
    String bootstrapServers;

    private String category;

    @BeforeEach
    void categoryInTheCatalogue() {
        await().atMost(WAIT).until(() -> catalogue.isReady() && registry.isReady());
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        category = "invoices-" + suffix;
        new Catalogue(bootstrapServers).purpose("invoicing-" + suffix, Set.of(category));
        await().atMost(WAIT).until(() -> catalogue.knowsCategory(category));
    }

    @Test
    void thePolicyInForceAtAPastInstantIsTheVersionThatWasInForceThen() {
        String policyId = "invoices-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> sixYears = policy(policyId, "P6Y");

        try (TopicReader events = new TopicReader(bootstrapServers, Topics.RETENTION_EVENTS)) {
            Map<TopicPartition, Long> from = events.end();
            change(TestTokens.PRIVACY_ADMIN, sixYears).statusCode(201);
            Instant first = clock.instant();
            clock.advance(Duration.ofDays(10));

            Map<String, Object> tenYears = new HashMap<>(policy(policyId, "P10Y"));
            tenYears.put("reason", "tax law now requires ten years");
            JsonPath second = change(TestTokens.PRIVACY_ADMIN, tenYears).statusCode(200).extract().jsonPath();
            assertThat(second.getInt("version"), is(2));
            // The same rule again is no new version.
            assertThat(change(TestTokens.PRIVACY_ADMIN, tenYears).statusCode(200).extract().jsonPath()
                    .getInt("version"), is(2));

            assertThat(inForce(policyId, first.plus(Duration.ofDays(5))).getString("retainFor"), is("P6Y"));
            assertThat(inForce(policyId, first.plus(Duration.ofDays(5))).getInt("version"), is(1));
            assertThat(inForce(policyId, clock.instant()).getString("retainFor"), is("P10Y"));
            given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                    .queryParam("at", first.minus(Duration.ofDays(1)).toString())
                    .when().get("/api/v1/policies/" + policyId).then().statusCode(404);

            JsonPath versions = given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                    .when().get("/api/v1/policies/" + policyId + "/versions").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(versions.getList("version"), is(List.of(1, 2)));
            assertThat(versions.getString("[1].reason"), is("tax law now requires ten years"));
            assertThat(versions.getString("[1].changedBy").isBlank(), is(false));

            JsonNode announced = json(events.awaitRecord(from, record -> policyId.equals(record.key())
                    && EventType.RETENTION_POLICY_VERSIONED.type().equals(header(record, "ce_type"))
                    && json(record).path("version").asInt() == 2));
            assertThat(announced.path("retainFor").asText(), is("P10Y"));
            assertThat(announced.path("reason").asText(), is("tax law now requires ten years"));
            assertThat(announced.path("owner").asText(), is("finance"));
            assertThat(announced.path("action").asText(), is("DELETE"));
        }
    }

    @Test
    void aChangeWithoutAReasonIsRefused() {
        String policyId = "invoices-" + UUID.randomUUID().toString().substring(0, 8);
        change(TestTokens.PRIVACY_ADMIN, policy(policyId, "P6Y")).statusCode(201);

        change(TestTokens.PRIVACY_ADMIN, policy(policyId, "P7Y")).statusCode(400)
                .body("errors[0].field", is("reason"));
        assertThat(given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                .when().get("/api/v1/policies/" + policyId + "/versions").then().statusCode(200)
                .extract().jsonPath().getList("version"), is(List.of(1)));
    }

    private Map<String, Object> policy(String policyId, String period) {
        return Map.of("policyId", policyId, "dataCategory", category, "retainFor", period,
                "anchor", "RELATIONSHIP_ENDED", "action", "DELETE", "owner", "finance", "legalReference", "HGB §257");
    }

    static ValidatableResponse change(String role, Object body) {
        return given().auth().oauth2(TestTokens.forRole(role)).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/policies").then();
    }

    private static JsonPath inForce(String policyId, Instant at) {
        return given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR)).queryParam("at", at.toString())
                .when().get("/api/v1/policies/" + policyId).then().statusCode(200).extract().jsonPath();
    }
}
