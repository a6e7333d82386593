package dev.heed.dsr.hold;

import static dev.heed.dsr.support.Requests.awaitStatus;
import static dev.heed.dsr.support.Requests.request;
import static dev.heed.testkit.kafka.TopicReader.header;
import static dev.heed.testkit.kafka.TopicReader.json;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heed.platform.leadership.Leadership;
import dev.heed.directives.SystemRegistryView;
import dev.heed.dsr.request.OverdueRequests;
import dev.heed.dsr.support.MovableTime;
import dev.heed.testkit.quarkus.OnVertx;
import dev.heed.events.Application;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.directive.AckOutcome;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.retention.LegalHold;
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
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Legal holds as retention-service publishes them on the real broker: a held erasure erases the
 * rest, waits on hold naming the matter, and is issued again and completed once the hold is released.
 */
@QuarkusTest
@TestProfile(MovableTime.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "dsr"))
class LegalHoldTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    SystemRegistryView registry;
    @Inject
    LegalHoldView holds;
    @Inject
    Leadership leadership;
    @Inject
    HoldReleaseJob releases;
    @Inject
    SubjectKeys subjectKeys;
    @Inject
    Pool database;
    @Inject
    MutableClock clock;
    @Inject
    OverdueRequests overdueRequests;

    @ConfigProperty(name = "heed.testkit.kafka.bootstrap-servers")
    String bootstrapServers;

    @BeforeEach
    void leaderAndViewsReady() {
        await().atMost(WAIT).until(() -> leadership.isLeader() && registry.isReady() && holds.isReady());
    }

    @Test
    void aHeldErasureIsPartialWithTheReasonAndCompletesAfterRelease() {
        DownstreamSystem desk = register("desk");
        String customerId = "customer-" + UUID.randomUUID();
        String subjectKey = subjectKeys.keyOf(customerId);
        LegalHold hold = place(new LegalHold(UUID.randomUUID(), "case-2026-114", Set.of(subjectKey), Set.of(),
                "counsel-1", "pending litigation", Instant.now()));

        try (TopicReader directives = new TopicReader(bootstrapServers, desk.directivesTopic());
                TopicReader events = new TopicReader(bootstrapServers, Topics.DSR_EVENTS)) {
            Map<TopicPartition, Long> sent = directives.end();
            Map<TopicPartition, Long> published = events.end();
            JsonPath filed = submit(customerId, "ada." + UUID.randomUUID() + "@example.com");
            String requestId = filed.getString("id");
            String firstDirective = filed.getString("directive.id");

            JsonNode parameters = directive(directives, sent, firstDirective).path("parameters");
            assertThat(parameters.path("retainDataCategories").toString(), is("[\"*\"]"));
            assertThat(parameters.path("legalHolds").toString(), is("[\"" + hold.holdId() + "\"]"));

            answerAll(filed, desk);
            JsonPath held = awaitStatus(requestId, "ON_HOLD");
            assertThat(held.get("closedAt"), is((Object) null));
            // What it waits for, on the request itself.
            assertThat(held.getString("holds[0].holdId"), is(hold.holdId().toString()));
            assertThat(held.getString("holds[0].matter"), is("case-2026-114"));
            assertThat(held.getString("holds[0].reason"), is("pending litigation"));
            JsonNode onHold = json(events.awaitRecord(published, r -> isStatusChange(r, requestId, "ON_HOLD")));
            assertThat(onHold.path("reason").asText(), containsString("partially completed"));
            assertThat(onHold.path("reason").asText(), containsString("held by case-2026-114: pending litigation"));
            assertThat(erased(events, published, requestId, firstDirective).path("outcome").asText(),
                    is("PARTIALLY_COMPLETED"));
            // It will be issued again: what it needs to reach the systems stays.
            assertThat(identitiesKept(requestId), is(true));

            // The rest is erased already: too late to cancel.
            given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR)).contentType(ContentType.JSON)
                    .body(Map.of("reason", "customer changed their mind"))
                    .when().post("/api/v1/requests/" + requestId + "/cancellation").then().statusCode(409);

            // Still held: nothing happens.
            OnVertx.call(releases::run);
            assertThat(request(requestId).getString("status"), is("ON_HOLD"));

            release(hold);
            sent = directives.end();
            assertThat(OnVertx.call(releases::run).orElseThrow() >= 1, is(true));
            JsonPath resumed = request(requestId);
            assertThat(resumed.getString("status"), is("IN_PROGRESS"));
            String secondDirective = resumed.getString("directive.id");
            assertThat(secondDirective, not(is(firstDirective)));
            JsonNode again = directive(directives, sent, secondDirective);
            assertThat(again.path("reference").asText(), is(requestId));
            assertThat(again.path("parameters").has("retainDataCategories"), is(false));

            answerAll(resumed, desk);
            JsonPath done = awaitStatus(requestId, "COMPLETED");
            assertThat(done.getString("closeReason"), containsString("systems confirmed"));
            assertThat(erased(events, published, requestId, secondDirective).path("outcome").asText(),
                    is("COMPLETED"));
            assertThat(identitiesKept(requestId), is(false));
        }
    }

    @Test
    void aHeldRequestPastItsDeadlineIsStillOverdueAndSaysWhatItWaitsFor() {
        DownstreamSystem desk = register("desk");
        String customerId = "customer-" + UUID.randomUUID();
        LegalHold hold = place(new LegalHold(UUID.randomUUID(), "case-2026-116", Set.of(subjectKeys.keyOf(customerId)),
                Set.of(), "counsel-1", "regulator inquiry", Instant.now()));
        try {
            JsonPath filed = submit(customerId, null);
            String requestId = filed.getString("id");
            answerAll(filed, desk);
            assertThat(awaitStatus(requestId, "ON_HOLD").getBoolean("overdue"), is(false));

            // The legal deadline keeps running while the hold lasts.
            clock.advance(Duration.ofDays(46));
            JsonPath held = request(requestId);
            assertThat(held.getBoolean("overdue"), is(true));
            assertThat(held.getString("holds[0].matter"), is("case-2026-116"));
            JsonPath overdue = given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR))
                    .queryParam("status", "OVERDUE").when().get("/api/v1/requests")
                    .then().statusCode(200).extract().jsonPath();
            String listed = "find { it.id == '" + requestId + "' }";
            assertThat(overdue.getString(listed + ".status"), is("ON_HOLD"));
            assertThat(overdue.getString(listed + ".holds[0].matter"), is("case-2026-116"));
            assertThat(overdue.getString(listed + ".holds[0].reason"), is("regulator inquiry"));

            // Counted as overdue, and among the held ones.
            OnVertx.call(overdueRequests::refresh);
            String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
            assertThat(metrics, matchesPattern("(?s).*\\nheed_dsr_requests_overdue [1-9][0-9]*\\.0\\n.*"));
            assertThat(metrics, matchesPattern("(?s).*\\nheed_dsr_requests_overdue_held [1-9][0-9]*\\.0\\n.*"));
        } finally {
            release(hold);
        }
    }

    @Test
    void anErasureOfAnotherSubjectIsUnaffected() {
        DownstreamSystem desk = register("desk");
        LegalHold hold = place(new LegalHold(UUID.randomUUID(), "case-2026-115",
                Set.of(subjectKeys.keyOf("customer-" + UUID.randomUUID())), Set.of(), "counsel-1", null,
                Instant.now()));
        try (TopicReader directives = new TopicReader(bootstrapServers, desk.directivesTopic())) {
            Map<TopicPartition, Long> sent = directives.end();
            JsonPath filed = submit("customer-" + UUID.randomUUID(), null);
            JsonNode issued = directive(directives, sent, filed.getString("directive.id"));
            assertThat(issued.path("parameters").has("retainDataCategories"), is(false));
            assertThat(issued.path("parameters").has("legalHolds"), is(false));
            answerAll(filed, desk);
            awaitStatus(filed.getString("id"), "COMPLETED");
        } finally {
            release(hold);
        }
    }

    @Test
    void aCategoryWideHoldAppliesToEverySubject() {
        DownstreamSystem desk = register("desk");
        LegalHold hold = place(new LegalHold(UUID.randomUUID(), "audit-2026", Set.of(), Set.of("contact", "billing"),
                "counsel-2", "tax audit", Instant.now()));
        String requestId;
        try (TopicReader directives = new TopicReader(bootstrapServers, desk.directivesTopic())) {
            Map<TopicPartition, Long> sent = directives.end();
            JsonPath filed = submit("customer-" + UUID.randomUUID(), null);
            requestId = filed.getString("id");
            JsonNode parameters = directive(directives, sent, filed.getString("directive.id")).path("parameters");
            assertThat(parameters.path("retainDataCategories").toString(), is("[\"billing\",\"contact\"]"));
            assertThat(parameters.path("legalHolds").toString(), is("[\"" + hold.holdId() + "\"]"));
            answerAll(filed, desk);
            awaitStatus(requestId, "ON_HOLD");
        } finally {
            // Held for everyone: the other tests' erasures must not find it.
            release(hold);
        }
        OnVertx.call(releases::run);
        assertThat(request(requestId).getString("status"), is("IN_PROGRESS"));
    }

    private DownstreamSystem register(String name) {
        DownstreamSystem system = DownstreamSystem.register(bootstrapServers, name, Set.of("support"),
                Set.of(DirectiveKind.ERASE));
        await().atMost(WAIT).until(() -> registry.system(system.id()).isPresent());
        return system;
    }

    private LegalHold place(LegalHold hold) {
        HeedEvent<LegalHold> event = HeedEvent.of(EventType.RETENTION_HOLD_PLACED,
                Application.RETENTION_SERVICE.source(), Instant.now(), hold);
        RecordHeaders headers = new RecordHeaders();
        event.writeHeaders(headers);
        send(new ProducerRecord<>(Topics.LEGAL_HOLDS, null, hold.holdId().toString(), event.dataBytes(), headers));
        await().atMost(WAIT).until(() -> holds.isActive(hold.holdId()));
        return hold;
    }

    private void release(LegalHold hold) {
        send(new ProducerRecord<>(Topics.LEGAL_HOLDS, hold.holdId().toString(), null));
        await().atMost(WAIT).until(() -> !holds.isActive(hold.holdId()));
    }

    private void send(ProducerRecord<String, byte[]> record) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode directive(TopicReader directives, Map<TopicPartition, Long> from, String directiveId) {
        return json(directives.awaitRecord(from, r -> directiveId.equals(json(r).path("directiveId").asText())));
    }

    private static JsonNode erased(TopicReader events, Map<TopicPartition, Long> from, String requestId,
            String directiveId) {
        return json(events.awaitRecord(from, r -> EventType.DSR_SUBJECT_ERASED.type()
                .equals(header(r, CloudEventHeaders.TYPE))
                && requestId.equals(json(r).path("requestId").asText())
                && directiveId.equals(json(r).path("directiveId").asText())));
    }

    private static boolean isStatusChange(ConsumerRecord<String, byte[]> record, String requestId, String status) {
        if (!EventType.DSR_STATUS_CHANGED.type().equals(header(record, CloudEventHeaders.TYPE))) {
            return false;
        }
        JsonNode changed = json(record);
        return requestId.equals(changed.path("requestId").asText()) && status.equals(changed.path("toStatus").asText());
    }

    /** Ours confirms; systems other tests registered answer that they hold nothing. */
    private void answerAll(JsonPath filed, DownstreamSystem ours) {
        UUID directiveId = UUID.fromString(filed.getString("directive.id"));
        for (String systemId : filed.getList("directive.tasks.systemId", String.class)) {
            if (systemId.equals(ours.id())) {
                ours.acknowledge(directiveId, AckOutcome.DONE, 2);
            } else {
                DownstreamSystem.answering(bootstrapServers, systemId)
                        .acknowledge(directiveId, AckOutcome.NOT_APPLICABLE, 0);
            }
        }
    }

    private static JsonPath submit(String customerId, String email) {
        Map<String, Object> body = new HashMap<>(Map.of("type", "ERASURE", "regulation", "GDPR",
                "customerId", customerId, "verificationNote", "ID card checked at the counter"));
        if (email != null) {
            body.put("identities", Map.of("email", List.of(email)));
        }
        return given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR)).contentType(ContentType.JSON)
                .body(body).when().post("/api/v1/requests").then().statusCode(201).extract().jsonPath();
    }

    private boolean identitiesKept(String requestId) {
        return database.preparedQuery("select identities is not null from subject_request where id = $1")
                .execute(Tuple.of(UUID.fromString(requestId)))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getBoolean(0);
    }
}
