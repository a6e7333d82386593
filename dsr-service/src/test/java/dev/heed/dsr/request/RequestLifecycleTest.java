package dev.heed.dsr.request;

import static dev.heed.dsr.support.Requests.awaitStatus;
import static dev.heed.dsr.support.Requests.request;
import static dev.heed.dsr.support.Requests.submit;
import static dev.heed.testkit.kafka.TopicReader.header;
import static dev.heed.testkit.kafka.TopicReader.json;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heed.platform.leadership.Leadership;
import dev.heed.directives.SystemRegistryView;
import dev.heed.directives.DeadlineJob;
import dev.heed.dsr.support.MovableTime;
import dev.heed.testkit.quarkus.OnVertx;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.Topics;
import dev.heed.events.directive.AckOutcome;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.kafka.DownstreamSystem;
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
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests filed by an operator, fanned out to registered test systems over the real broker,
 * answered on their own acks topics, and ended by the directive's settlement: completed with
 * every system's counts, or partially completed naming the silent one.
 */
@QuarkusTest
@TestProfile(MovableTime.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "dsr"))
class RequestLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String OPERATOR = TestTokens.PRIVACY_OPERATOR;

    @Inject
    MutableClock clock;
    @Inject
    SystemRegistryView registry;
    @Inject
    Leadership leadership;
    @Inject
    DeadlineJob deadlines;
    @Inject
    SubjectKeys subjectKeys;
    @Inject
    Pool database;
    @Inject
    OverdueRequests overdueRequests;

    @ConfigProperty(name = "heed.testkit.kafka.bootstrap-servers")
    String bootstrapServers;

    @BeforeEach
    void leaderAndRegistryReady() {
        await().atMost(WAIT).until(() -> leadership.isLeader() && registry.isReady());
    }

    @Test
    void anErasureReachesEverySystemAndCompletesWithTheirCounts() {
        List<DownstreamSystem> systems = register("desk", "mailer");
        String customerId = "customer-" + UUID.randomUUID();
        String subjectKey = subjectKeys.keyOf(customerId);

        try (TopicReader events = new TopicReader(bootstrapServers, Topics.DSR_EVENTS)) {
            Map<TopicPartition, Long> from = events.end();
            JsonPath filed = submit(erasure(customerId)).statusCode(201)
                    .body(not(containsString(customerId)))
                    .extract().jsonPath();
            String requestId = filed.getString("id");
            assertThat(filed.getString("status"), is("IN_PROGRESS"));
            assertThat(filed.getString("subjectKey"), is(subjectKey));
            assertThat(filed.getString("verificationMethod"), is("OPERATOR"));
            assertThat(filed.getString("directive.kind"), is("ERASE"));
            assertThat(filed.getList("directive.tasks.systemId"), hasItems(systems.get(0).id(), systems.get(1).id()));

            // Received, verified, in progress: three facts, in order, under the subject key.
            List<String> statuses = new ArrayList<>();
            events.awaitRecord(from, r -> {
                if (subjectKey.equals(r.key())
                        && "dev.heed.dsr.status-changed.v1".equals(header(r, CloudEventHeaders.TYPE))) {
                    statuses.add(json(r).path("toStatus").asText());
                }
                return statuses.size() == 3;
            });
            assertThat(statuses, contains("RECEIVED", "VERIFIED", "IN_PROGRESS"));

            UUID directiveId = UUID.fromString(filed.getString("directive.id"));
            answerAll(filed, Map.of(systems.get(0).id(), 3L, systems.get(1).id(), 1L), directiveId, Set.of());
            JsonPath done = awaitStatus(requestId, "COMPLETED");
            assertThat(done.getString("closeReason"), containsString("systems confirmed"));
            assertThat(done.getInt("directive.tasks.find { it.systemId == '" + systems.get(0).id() + "' }.recordsAffected"),
                    is(3));
            assertThat(done.getInt("directive.tasks.find { it.systemId == '" + systems.get(1).id() + "' }.recordsAffected"),
                    is(1));

            ConsumerRecord<String, byte[]> erased = events.awaitRecord(from, r -> subjectKey.equals(r.key())
                    && "dev.heed.dsr.subject-erased.v1".equals(header(r, CloudEventHeaders.TYPE)));
            JsonNode fact = json(erased);
            assertThat(fact.path("requestId").asText(), is(requestId));
            assertThat(fact.path("outcome").asText(), is("COMPLETED"));
            assertThat(new String(erased.value()), not(containsString(customerId)));
        }
        // Closed: nothing personal is kept beyond the subject key.
        assertThat(identitiesLeft(subjectKey), is(0L));
    }

    @Test
    void aSilentSystemLeavesTheRequestPartiallyCompletedAndNamed() {
        List<DownstreamSystem> systems = register("desk", "mailer", "silent");
        DownstreamSystem silent = systems.get(2);
        String customerId = "customer-" + UUID.randomUUID();
        Map<String, Object> body = erasure(customerId);
        body.put("identities", Map.of("email", List.of("Ada." + UUID.randomUUID() + "@Example.com")));

        JsonPath filed = submit(body).statusCode(201).extract().jsonPath();
        String requestId = filed.getString("id");
        UUID directiveId = UUID.fromString(filed.getString("directive.id"));
        answerAll(filed, Map.of(systems.get(0).id(), 2L, systems.get(1).id(), 2L), directiveId, Set.of(silent.id()));
        await().atMost(WAIT).until(() -> request(requestId).getList("directive.tasks.state", String.class).stream()
                .filter(state -> state.equals("PENDING")).count() == 1);

        // The same request again while it is open: the open one is returned, nothing is sent twice.
        JsonPath again = submit(body).statusCode(200).extract().jsonPath();
        assertThat(again.getString("id"), is(requestId));

        clock.advance(Duration.ofDays(46));
        assertThat(request(requestId).getBoolean("overdue"), is(true));
        given().auth().oauth2(TestTokens.forRole(OPERATOR)).queryParam("status", "OVERDUE")
                .when().get("/api/v1/requests")
                .then().statusCode(200).body("id", hasItems(requestId));
        OnVertx.call(overdueRequests::refresh);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.matchesPattern("(?s).*\\nheed_dsr_requests_overdue [1-9][0-9]*\\.0\\n.*"));
        assertThat(OnVertx.call(deadlines::run).isPresent(), is(true));

        JsonPath partial = awaitStatus(requestId, "PARTIALLY_COMPLETED");
        assertThat(partial.getString("closeReason"), containsString(silent.id()));
        assertThat(partial.getList("directive.unansweredSystems", String.class), contains(silent.id()));
        assertThat(identitiesLeft(partial.getString("subjectKey")), is(0L));
    }

    @Test
    void aRestrictionWaitsForASecondOperatorsApprovalAndCanBeCancelledUntilThen() {
        String customerId = "customer-" + UUID.randomUUID();
        Map<String, Object> body = erasure(customerId);
        body.put("type", "RESTRICTION");
        JsonPath filed = submit(body).statusCode(201).extract().jsonPath();
        String requestId = filed.getString("id");
        assertThat(filed.getString("status"), is("VERIFIED"));
        assertThat(filed.getBoolean("approvalRequired"), is(true));
        assertThat(filed.get("directive"), is((Object) null));

        // The operator who filed it cannot approve it; an administrator can.
        action(OPERATOR, requestId, "approval", null).statusCode(409)
                .contentType(containsString("application/problem+json"));
        JsonPath approved = action(TestTokens.PRIVACY_ADMIN, requestId, "approval", null).statusCode(200)
                .extract().jsonPath();
        assertThat(approved.getString("status"), is("IN_PROGRESS"));
        assertThat(approved.getString("approvedBy"), is("test-privacy-admin"));
        assertThat(approved.getString("directive.kind"), is("RESTRICT"));
        // Sent to the systems: too late to cancel.
        action(OPERATOR, requestId, "cancellation", "customer changed their mind").statusCode(409);

        String otherId = submit(with(erasure("customer-" + UUID.randomUUID()), "type", "RESTRICTION"))
                .statusCode(201).extract().jsonPath().getString("id");
        JsonPath cancelled = action(OPERATOR, otherId, "cancellation", "filed by mistake").statusCode(200)
                .extract().jsonPath();
        assertThat(cancelled.getString("status"), is("CANCELLED"));
        assertThat(cancelled.getString("closeReason"), is("filed by mistake"));
    }

    @Test
    void anExtensionMovesTheDeadlineAsFarAsTheLawAllowsOnce() {
        JsonPath filed = submit(erasure("customer-" + UUID.randomUUID())).statusCode(201).extract().jsonPath();
        String requestId = filed.getString("id");
        JsonPath extended = action(OPERATOR, requestId, "extension", "many systems hold the data").statusCode(200)
                .extract().jsonPath();
        assertThat(extended.getString("extensionReason"), is("many systems hold the data"));
        assertThat(extended.getString("deadline"), is(extended.getString("extendedDueAt")));
        assertThat(java.time.Instant.parse(extended.getString("extendedDueAt"))
                .isAfter(java.time.Instant.parse(filed.getString("dueAt")).plus(Duration.ofDays(55))), is(true));
        action(OPERATOR, requestId, "extension", "again").statusCode(400)
                .contentType(containsString("application/problem+json"));
    }

    @Test
    void badRequestsAndWrongRolesAreRefusedAndWriteNothing() {
        long before = requestRows();
        String customerId = "customer-" + UUID.randomUUID();
        Map<String, Object> good = erasure(customerId);
        assertRefused(with(good, "type", null), "type");
        assertRefused(with(good, "type", "TELEPORT"), "type");
        assertRefused(with(good, "type", "OPT_OUT_OF_SALE"), "regulation");
        assertRefused(with(good, "regulation", null), "regulation");
        assertRefused(with(good, "customerId", null), "customerId");
        assertRefused(with(good, "verificationNote", " "), "verificationNote");
        assertRefused(with(with(good, "customerId", null), "identities", Map.of("email", List.of("not-an-address"))),
                "identities.email");
        assertRefused(with(good, "parameters", Map.of("name", "Ada")), "parameters");
        given().auth().oauth2(TestTokens.forRole(OPERATOR)).contentType(ContentType.JSON).body("{\"type\": ")
                .when().post("/api/v1/requests").then().statusCode(400)
                .contentType(containsString("application/problem+json"));
        for (String role : List.of(TestTokens.SUPPORT_AGENT, TestTokens.AUDITOR, TestTokens.SYSTEM)) {
            given().auth().oauth2(TestTokens.forRole(role)).contentType(ContentType.JSON).body(good)
                    .when().post("/api/v1/requests").then().statusCode(403);
        }
        given().contentType(ContentType.JSON).body(good).when().post("/api/v1/requests").then().statusCode(401);
        assertThat(requestRows(), is(before));

        given().auth().oauth2(TestTokens.forRole(OPERATOR)).when().get("/api/v1/requests/not-a-uuid")
                .then().statusCode(400);
        given().auth().oauth2(TestTokens.forRole(OPERATOR)).when().get("/api/v1/requests/" + UUID.randomUUID())
                .then().statusCode(404).contentType(containsString("application/problem+json"));
        given().auth().oauth2(TestTokens.forRole(OPERATOR)).queryParam("status", "SOMEDAY")
                .when().get("/api/v1/requests").then().statusCode(400);
    }

    @Test
    void declaredRulesAreRefusedNamingEveryFieldWithoutTheValueAndWriteNothing() {
        long before = requestRows();
        long queued = outboxRows();
        String marker = "MARKER-" + UUID.randomUUID();
        Map<String, Object> body = with(with(erasure("customer-" + UUID.randomUUID()), "customerId",
                marker + "c".repeat(200)), "verificationNote", marker + "n".repeat(500));
        submit(body).statusCode(400).contentType(containsString("application/problem+json"))
                .body("status", is(400))
                .body("errors.field", contains("customerId", "verificationNote"))
                .body(not(containsString(marker)));
        assertThat(requestRows(), is(before));
        assertThat(outboxRows(), is(queued));

        // Ids in paths: a malformed one is a 400 naming the parameter, an unknown one a 404, never a 500.
        given().auth().oauth2(TestTokens.forRole(OPERATOR)).when().get("/api/v1/systems/Not_A_System!")
                .then().statusCode(400).contentType(containsString("application/problem+json"))
                .body("errors[0].field", is("systemId"));
        given().auth().oauth2(TestTokens.forRole(OPERATOR)).when().get("/api/v1/systems/nobody-" + before)
                .then().statusCode(404).contentType(containsString("application/problem+json"));
        given().auth().oauth2(TestTokens.forRole(OPERATOR)).contentType(ContentType.JSON)
                .body(Map.of("reason", "x".repeat(1001)))
                .when().post("/api/v1/requests/" + UUID.randomUUID() + "/cancellation")
                .then().statusCode(400).contentType(containsString("application/problem+json"))
                .body("errors[0].field", is("reason"));
    }

    private List<DownstreamSystem> register(String... names) {
        List<DownstreamSystem> systems = new ArrayList<>();
        for (String name : names) {
            systems.add(DownstreamSystem.register(bootstrapServers, name, Set.of("support"),
                    Set.of(DirectiveKind.ERASE, DirectiveKind.EXPORT, DirectiveKind.RESTRICT)));
        }
        await().atMost(WAIT).until(() -> systems.stream().allMatch(s -> registry.system(s.id()).isPresent()));
        return systems;
    }

    /**
     * Ours answer with their counts, the silent one not at all; systems other tests registered
     * answer that they hold nothing.
     */
    private void answerAll(JsonPath filed, Map<String, Long> counts, UUID directiveId, Set<String> silent) {
        for (String systemId : filed.getList("directive.tasks.systemId", String.class)) {
            Long records = counts.get(systemId);
            if (records != null) {
                DownstreamSystem.answering(bootstrapServers, systemId).acknowledge(directiveId, AckOutcome.DONE, records);
            } else if (!silent.contains(systemId)) {
                DownstreamSystem.answering(bootstrapServers, systemId)
                        .acknowledge(directiveId, AckOutcome.NOT_APPLICABLE, 0);
            }
        }
    }

    private static ValidatableResponse action(String role, String requestId, String action, String reason) {
        var request = given().auth().oauth2(TestTokens.forRole(role)).contentType(ContentType.JSON);
        if (reason != null) {
            request.body(Map.of("reason", reason));
        }
        return request.when().post("/api/v1/requests/" + requestId + "/" + action).then();
    }

    private static void assertRefused(Map<String, Object> body, String field) {
        submit(body).statusCode(400).contentType(containsString("application/problem+json"))
                .body("errors[0].field", is(field));
    }

    private static Map<String, Object> erasure(String customerId) {
        Map<String, Object> body = new HashMap<>();
        body.put("type", "ERASURE");
        body.put("regulation", "GDPR");
        body.put("customerId", customerId);
        body.put("verificationNote", "ID card checked at the counter");
        return body;
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> changed = new HashMap<>(body);
        changed.put(field, value);
        return changed;
    }

    private long requestRows() {
        return database.query("select count(*) from subject_request").execute()
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    private long outboxRows() {
        return database.query("select count(*) from heed_platform.outbox").execute()
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    private long identitiesLeft(String subjectKey) {
        return database.preparedQuery("select count(*) from subject_request where subject_key = $1"
                        + " and (identities is not null or parameters is not null)")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(subjectKey))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }
}
