package dev.heed.dsr.request;

import static dev.heed.dsr.support.Requests.awaitStatus;
import static dev.heed.dsr.support.Requests.request;
import static dev.heed.dsr.support.Requests.submit;
import static dev.heed.testkit.kafka.TopicReader.header;
import static dev.heed.testkit.kafka.TopicReader.json;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heed.platform.leadership.Leadership;
import dev.heed.directives.SystemRegistryView;
import dev.heed.dsr.support.MovableTime;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.EventType;
import dev.heed.events.Topics;
import dev.heed.events.directive.AckOutcome;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.kafka.DownstreamSystem;
import dev.heed.testkit.kafka.TopicReader;
import dev.heed.testkit.quarkus.HeedTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
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
 * An operator answers for a system handled by hand: the task settles through the directive
 * mechanism as an acknowledgement would, the request completes, the action is audited naming the
 * operator and the system, and a late acknowledgement from the system changes nothing.
 */
@QuarkusTest
@TestProfile(MovableTime.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "dsr"))
class ManualCompletionTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String NOTE = "Erased by hand in the paper archive, ticket OPS-812";

    @Inject
    SystemRegistryView registry;
    @Inject
    Leadership leadership;
    @Inject
    Pool database;

    @ConfigProperty(name = "heed.testkit.kafka.bootstrap-servers")
    String bootstrapServers;

    @BeforeEach
    void leaderAndRegistryReady() {
        await().atMost(WAIT).until(() -> leadership.isLeader() && registry.isReady());
    }

    @Test
    void aTaskCompletedByHandSettlesTheRequestAndALaterAcknowledgementChangesNothing() {
        DownstreamSystem desk = register("desk");
        DownstreamSystem archive = register("archive");
        String requestId;
        UUID directiveId;
        try (TopicReader events = new TopicReader(bootstrapServers, Topics.DSR_EVENTS)) {
            Map<TopicPartition, Long> from = events.end();
            JsonPath filed = submit(erasure()).statusCode(201).extract().jsonPath();
            requestId = filed.getString("id");
            directiveId = UUID.fromString(filed.getString("directive.id"));
            answerAllBut(filed, directiveId, desk, archive.id());
            await().atMost(WAIT).until(() -> pendingTasks(requestId) == 1);

            JsonPath completed = complete(TestTokens.PRIVACY_OPERATOR, requestId, archive.id(),
                    Map.of("outcome", "DONE", "note", NOTE, "counts", Map.of("recordsAffected", 4)))
                    .statusCode(200).extract().jsonPath();
            String task = "directive.tasks.find { it.systemId == '" + archive.id() + "' }";
            assertThat(completed.getString(task + ".state"), is("DONE"));
            assertThat(completed.getString(task + ".completedBy"), is("test-privacy-operator"));
            assertThat(completed.getString(task + ".completionNote"), is(NOTE));
            assertThat(completed.getInt(task + ".recordsAffected"), is(4));
            assertThat(completed.getString(task + ".acknowledgedAt"), not(nullValue()));
            // The last answer: the request completed in the same transaction, as with an acknowledgement.
            assertThat(completed.getString("status"), is("COMPLETED"));
            assertThat(completed.getString("directive.state"), is("COMPLETED"));

            ConsumerRecord<String, byte[]> action = events.awaitRecord(from, r -> isOperatorAction(r, requestId));
            JsonNode performed = json(action);
            assertThat(performed.path("action").asText(), is("task.completed"));
            assertThat(performed.path("actor").asText(), is("test-privacy-operator"));
            assertThat(performed.path("role").asText(), is("privacy-operator"));
            assertThat(performed.path("systemId").asText(), is(archive.id()));
            assertThat(performed.path("reason").asText(), is("DONE"));
            // The note is free text: it stays on the task, out of the broadcast event.
            assertThat(new String(action.value()), not(containsString("OPS-812")));
            events.awaitRecord(from, r -> EventType.DSR_SUBJECT_ERASED.type().equals(header(r, CloudEventHeaders.TYPE))
                    && requestId.equals(json(r).path("requestId").asText())
                    && "COMPLETED".equals(json(r).path("outcome").asText()));
        }

        // The system answers after all: recorded as already answered, the operator's answer stays.
        archive.acknowledge(directiveId, AckOutcome.FAILED, 0);
        await().atMost(WAIT).until(() -> count("select count(*) from heed_directives.ack_inbox where directive_id = $1"
                + " and system_id = $2 and disposition = 'ALREADY_ANSWERED'", directiveId, archive.id()) == 1);
        JsonPath after = request(requestId);
        String task = "directive.tasks.find { it.systemId == '" + archive.id() + "' }";
        assertThat(after.getString(task + ".state"), is("DONE"));
        assertThat(after.getString(task + ".completedBy"), is("test-privacy-operator"));
        assertThat(after.getString("status"), is("COMPLETED"));
        // Final: a second completion by hand is a conflict.
        complete(TestTokens.PRIVACY_ADMIN, requestId, archive.id(), Map.of("outcome", "NOT_APPLICABLE", "note", NOTE))
                .statusCode(409).contentType(containsString("application/problem+json"));
    }

    @Test
    void notApplicableByHandCountsAsConfirmed() {
        DownstreamSystem lake = register("lake");
        JsonPath filed = submit(erasure()).statusCode(201).extract().jsonPath();
        String requestId = filed.getString("id");
        answerAllBut(filed, UUID.fromString(filed.getString("directive.id")), null, lake.id());
        await().atMost(WAIT).until(() -> pendingTasks(requestId) == 1);
        complete(TestTokens.PRIVACY_ADMIN, requestId, lake.id(),
                Map.of("outcome", "NOT_APPLICABLE", "note", "The lake never received this customer's data"))
                .statusCode(200).body("directive.tasks.find { it.systemId == '" + lake.id() + "' }.completedBy",
                        is("test-privacy-admin"));
        JsonPath done = awaitStatus(requestId, "COMPLETED");
        assertThat(done.getString("directive.tasks.find { it.systemId == '" + lake.id() + "' }.state"),
                is("NOT_APPLICABLE"));
    }

    @Test
    void refusalsChangeNoTaskAndPublishNothing() {
        DownstreamSystem desk = register("desk");
        DownstreamSystem archive = register("archive");
        JsonPath filed = submit(erasure()).statusCode(201).extract().jsonPath();
        String requestId = filed.getString("id");
        UUID directiveId = UUID.fromString(filed.getString("directive.id"));
        answerAllBut(filed, directiveId, desk, archive.id());
        await().atMost(WAIT).until(() -> pendingTasks(requestId) == 1);
        long actionsBefore = operatorActions(requestId);
        Map<String, Object> good = Map.of("outcome", "DONE", "note", NOTE);

        assertRefused(requestId, archive.id(), with(good, "outcome", null), "outcome");
        assertRefused(requestId, archive.id(), with(good, "outcome", "FAILED"), "outcome");
        assertRefused(requestId, archive.id(), with(good, "outcome", "TELEPORTED"), "outcome");
        assertRefused(requestId, archive.id(), with(good, "note", null), "note");
        assertRefused(requestId, archive.id(), with(good, "note", "  "), "note");
        assertRefused(requestId, archive.id(), with(good, "note", "x".repeat(1001)), "note");
        assertRefused(requestId, archive.id(), with(good, "counts", Map.of("recordsAffected", -1)),
                "counts.recordsAffected");
        given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR)).contentType(ContentType.JSON)
                .body("{\"outcome\": ").when().post(path(requestId, archive.id())).then().statusCode(400)
                .contentType(containsString("application/problem+json"));
        complete(TestTokens.PRIVACY_OPERATOR, "not-a-uuid", archive.id(), good).statusCode(400);
        complete(TestTokens.PRIVACY_OPERATOR, requestId, "Not A System!", good).statusCode(400);

        // Unknown request, a system that has no task in it: 404. An answered task: 409.
        complete(TestTokens.PRIVACY_OPERATOR, UUID.randomUUID().toString(), archive.id(), good).statusCode(404)
                .contentType(containsString("application/problem+json"));
        complete(TestTokens.PRIVACY_OPERATOR, requestId, "nobody-" + UUID.randomUUID().toString().substring(0, 8), good)
                .statusCode(404).contentType(containsString("application/problem+json"));
        complete(TestTokens.PRIVACY_OPERATOR, requestId, desk.id(), good).statusCode(409)
                .contentType(containsString("application/problem+json"));

        for (String role : List.of(TestTokens.AUDITOR, TestTokens.SUPPORT_AGENT, TestTokens.SYSTEM)) {
            complete(role, requestId, archive.id(), good).statusCode(403);
        }
        given().contentType(ContentType.JSON).body(good).when().post(path(requestId, archive.id()))
                .then().statusCode(401);

        JsonPath unchanged = request(requestId);
        assertThat(unchanged.getString("status"), is("IN_PROGRESS"));
        String task = "directive.tasks.find { it.systemId == '" + archive.id() + "' }";
        assertThat(unchanged.getString(task + ".state"), is("PENDING"));
        assertThat(unchanged.getString(task + ".completedBy"), nullValue());
        assertThat(unchanged.getString("directive.tasks.find { it.systemId == '" + desk.id() + "' }.completedBy"),
                nullValue());
        assertThat(operatorActions(requestId), is(actionsBefore));

        // A request that reached no system yet has no task to complete.
        String unsent = submit(with(erasure(), "type", "RESTRICTION")).statusCode(201).extract().jsonPath()
                .getString("id");
        complete(TestTokens.PRIVACY_OPERATOR, unsent, archive.id(), good).statusCode(404);
    }

    private DownstreamSystem register(String name) {
        DownstreamSystem system = DownstreamSystem.register(bootstrapServers, name, Set.of("support"),
                Set.of(DirectiveKind.ERASE, DirectiveKind.EXPORT, DirectiveKind.RESTRICT));
        await().atMost(WAIT).until(() -> registry.system(system.id()).isPresent());
        return system;
    }

    /** {@code done} confirms, {@code handledByHand} stays silent, systems other tests registered hold nothing. */
    private void answerAllBut(JsonPath filed, UUID directiveId, DownstreamSystem done, String handledByHand) {
        for (String systemId : filed.getList("directive.tasks.systemId", String.class)) {
            if (systemId.equals(handledByHand)) {
                continue;
            }
            if (done != null && systemId.equals(done.id())) {
                done.acknowledge(directiveId, AckOutcome.DONE, 2);
            } else {
                DownstreamSystem.answering(bootstrapServers, systemId)
                        .acknowledge(directiveId, AckOutcome.NOT_APPLICABLE, 0);
            }
        }
    }

    private static long pendingTasks(String requestId) {
        return request(requestId).getList("directive.tasks.state", String.class).stream()
                .filter("PENDING"::equals).count();
    }

    private long operatorActions(String requestId) {
        return count("select count(*) from heed_platform.outbox where event_type = $1 and payload like $2",
                EventType.DSR_OPERATOR_ACTION.type(), "%" + requestId + "%");
    }

    private long count(String sql, Object... parameters) {
        return database.preparedQuery(sql).execute(Tuple.from(List.of(parameters)))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    private static boolean isOperatorAction(ConsumerRecord<String, byte[]> record, String requestId) {
        return EventType.DSR_OPERATOR_ACTION.type().equals(header(record, CloudEventHeaders.TYPE))
                && requestId.equals(json(record).path("target").asText());
    }

    private static String path(String requestId, String systemId) {
        return "/api/v1/requests/" + requestId + "/tasks/" + systemId + "/completion";
    }

    private static ValidatableResponse complete(String role, String requestId, String systemId,
            Map<String, Object> body) {
        return given().auth().oauth2(TestTokens.forRole(role)).contentType(ContentType.JSON).body(body)
                .when().post(path(requestId, systemId)).then();
    }

    private static void assertRefused(String requestId, String systemId, Map<String, Object> body, String field) {
        complete(TestTokens.PRIVACY_OPERATOR, requestId, systemId, body).statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("errors[0].field", is(field));
    }

    private static Map<String, Object> erasure() {
        Map<String, Object> body = new HashMap<>();
        body.put("type", "ERASURE");
        body.put("regulation", "GDPR");
        body.put("customerId", "customer-" + UUID.randomUUID());
        body.put("verificationNote", "ID card checked at the counter");
        return body;
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> changed = new HashMap<>(body);
        changed.put(field, value);
        return changed;
    }
}
