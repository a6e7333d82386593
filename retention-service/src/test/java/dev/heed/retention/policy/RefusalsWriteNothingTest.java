package dev.heed.retention.policy;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.heed.directives.SystemRegistryView;
import dev.heed.events.Topics;
import dev.heed.retention.catalogue.PurposeCatalogueView;
import dev.heed.retention.support.Catalogue;
import dev.heed.retention.support.MovableTime;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.kafka.TopicReader;
import dev.heed.testkit.quarkus.HeedTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Every kind of refused policy change or run, and afterwards the retention tables hold exactly the
 * rows they held before, nothing waits in the outbox, and the retention events topic ends where it
 * ended: a refusal writes nothing anywhere.
 */
@QuarkusTest
@TestProfile(MovableTime.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "retention"))
class RefusalsWriteNothingTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> TABLES = List.of("retention_policy_version", "purge_run", "purge_run_part",
            "heed_directives.directive", "heed_platform.outbox");

    @Inject
    PurposeCatalogueView catalogue;
    @Inject
    SystemRegistryView registry;
    @Inject
    Pool database;

    @ConfigProperty(name = "heed.testkit.kafka.bootstrap-servers")
    String bootstrapServers;

    @Test
    void refusedChangesAndRunsLeaveEveryTableAndTopicAsTheyWere() {
        await().atMost(WAIT).until(() -> catalogue.isReady() && registry.isReady());
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String category = "contracts-" + suffix;
        String purposeId = "contract-" + suffix;
        String otherPurpose = "other-" + suffix;
        Catalogue broker = new Catalogue(bootstrapServers);
        broker.purpose(purposeId, Set.of(category));
        broker.purpose(otherPurpose, Set.of("other-" + suffix));
        broker.system("archive-" + suffix, Set.of("other-" + suffix), otherPurpose);
        await().atMost(WAIT).until(() -> catalogue.purpose(otherPurpose).isPresent()
                && registry.system("archive-" + suffix).isPresent());
        String policyId = "contracts-" + suffix;
        Map<String, Object> valid = Map.of("policyId", policyId, "dataCategory", category, "retainFor", "P10Y",
                "anchor", "RELATIONSHIP_ENDED", "action", "ANONYMISE", "owner", "legal");
        Map<String, Long> rowsBefore = rowCounts();
        Map<TopicPartition, Long> endBefore = eventsEnd();

        refused(TestTokens.PRIVACY_ADMIN, with(valid, "retainFor", "P-1Y"), "retainFor");
        refused(TestTokens.PRIVACY_ADMIN, with(valid, "retainFor", "P0D"), "retainFor");
        refused(TestTokens.PRIVACY_ADMIN, with(valid, "retainFor", "ten years"), "retainFor");
        refused(TestTokens.PRIVACY_ADMIN, with(valid, "retainFor", null), "retainFor");
        refused(TestTokens.PRIVACY_ADMIN, with(valid, "dataCategory", "no-such-category-" + suffix), "dataCategory");
        refused(TestTokens.PRIVACY_ADMIN, with(valid, "anchor", "BIRTHDAY"), "anchor");
        refused(TestTokens.PRIVACY_ADMIN, with(valid, "action", "SHRED"), "action");
        refused(TestTokens.PRIVACY_ADMIN, with(valid, "owner", " "), "owner");
        refused(TestTokens.PRIVACY_ADMIN, with(valid, "policyId", "Not An Id"), "policyId");
        refused(TestTokens.PRIVACY_ADMIN, with(valid, "purposeId", "no-such-purpose-" + suffix), "purposeId");
        refused(TestTokens.PRIVACY_ADMIN, with(valid, "purposeId", otherPurpose), "purposeId");
        refused(TestTokens.PRIVACY_ADMIN, with(valid, "systemId", "archive-" + suffix), "systemId");
        refused(TestTokens.PRIVACY_ADMIN, with(valid, "anchor", "CONSENT_WITHDRAWN"), "purposeId");
        refused(TestTokens.PRIVACY_ADMIN, with(valid, "gracePeriod", "P-30D"), "gracePeriod");
        given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_ADMIN)).contentType(ContentType.JSON)
                .body("{\"policyId\": ").when().post("/api/v1/policies").then().statusCode(400);
        // Bean Validation reports every broken constraint at once, each by its field, and echoes no value.
        PolicyVersioningTest.change(TestTokens.PRIVACY_ADMIN, with(with(with(valid, "owner", ""), "legalReference",
                        "r".repeat(501)), "systemId", "Not A System")).statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("errors.field", containsInAnyOrder("legalReference", "owner", "systemId"))
                .body(not(containsString("rrrr")))
                .body(not(containsString("Not A System")));

        // Roles: only administrators change policies; auditors and agents start no runs.
        for (String role : List.of(TestTokens.PRIVACY_OPERATOR, TestTokens.AUDITOR, TestTokens.SUPPORT_AGENT,
                TestTokens.SYSTEM)) {
            given().auth().oauth2(TestTokens.forRole(role)).contentType(ContentType.JSON).body(valid)
                    .when().post("/api/v1/policies").then().statusCode(403);
        }
        given().contentType(ContentType.JSON).body(valid).when().post("/api/v1/policies").then().statusCode(401);
        for (String role : List.of(TestTokens.AUDITOR, TestTokens.SUPPORT_AGENT)) {
            given().auth().oauth2(TestTokens.forRole(role)).when().post("/api/v1/policies/" + policyId + "/runs")
                    .then().statusCode(403);
        }

        // Runs of what does not exist, and malformed run queries.
        given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR))
                .when().post("/api/v1/policies/" + policyId + "/runs").then().statusCode(404);
        given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR))
                .when().post("/api/v1/policies/Not%20An%20Id/runs").then().statusCode(400);
        given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                .when().get("/api/v1/runs/not-a-uuid").then().statusCode(400).body("errors[0].field", is("runId"));
        given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                .when().get("/api/v1/runs/" + UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR)).queryParam("from", "yesterday")
                .when().get("/api/v1/runs").then().statusCode(400).body("errors[0].field", is("from"));
        given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR)).queryParam("at", "last week")
                .when().get("/api/v1/policies/" + policyId).then().statusCode(400).body("errors[0].field", is("at"));

        assertThat(rowCounts(), is(rowsBefore));
        assertThat(eventsEnd(), is(endBefore));

        // The same body, valid, is accepted: the refusals were about what they named.
        PolicyVersioningTest.change(TestTokens.PRIVACY_ADMIN, valid).statusCode(201);
    }

    private static void refused(String role, Map<String, Object> body, String field) {
        PolicyVersioningTest.change(role, body).statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("errors[0].field", is(field));
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> changed = new HashMap<>(body);
        changed.put(field, value);
        return changed;
    }

    private Map<String, Long> rowCounts() {
        await().atMost(WAIT).until(() -> database.query(
                        "select count(*) from heed_platform.outbox where sent_at is null")
                .execute().await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0) == 0);
        Map<String, Long> counts = new HashMap<>();
        for (String table : TABLES) {
            counts.put(table, database.query("select count(*) from " + table).execute()
                    .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0));
        }
        return counts;
    }

    private Map<TopicPartition, Long> eventsEnd() {
        try (TopicReader reader = new TopicReader(bootstrapServers, Topics.RETENTION_EVENTS)) {
            return reader.end();
        }
    }
}
