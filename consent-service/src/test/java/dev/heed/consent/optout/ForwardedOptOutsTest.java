package dev.heed.consent.optout;

import static dev.heed.consent.support.Consents.check;
import static dev.heed.consent.support.Consents.decision;
import static dev.heed.consent.support.Consents.newCustomerId;
import static dev.heed.consent.support.Consents.newPurpose;
import static dev.heed.consent.support.Consents.propagation;
import static dev.heed.consent.support.Consents.record;
import static dev.heed.testkit.kafka.TopicReader.header;
import static dev.heed.testkit.kafka.TopicReader.json;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heed.consent.support.DsrEventsTopic;
import dev.heed.consent.support.MovableTime;
import dev.heed.platform.leadership.Leadership;
import dev.heed.directives.SystemRegistryView;
import dev.heed.events.Application;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.DeadLetterHeaders;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.directive.DirectiveOutcome;
import dev.heed.events.dsr.OptOutRequested;
import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.SubjectErased;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.kafka.DownstreamSystem;
import dev.heed.testkit.kafka.TopicReader;
import dev.heed.testkit.quarkus.HeedTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * dsr-service's forwarded opt-out of sale or sharing on the real broker: recorded like a GPC
 * opt-out (a denial of every purpose that sells or shares, naming the request), which the check
 * answers and the fan-out carries to the systems; once per event, also for an erased subject; a
 * malformed one is dead-lettered.
 */
@QuarkusTest
@TestProfile(MovableTime.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent"))
class ForwardedOptOutsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    Pool database;
    @Inject
    SubjectKeys subjectKeys;
    @Inject
    Leadership leadership;
    @Inject
    SystemRegistryView registry;

    @ConfigProperty(name = "heed.testkit.kafka.bootstrap-servers")
    String bootstrapServers;

    @BeforeEach
    void leaderAndRegistryReady() {
        dsrEvents().createDeadLetterTopic();
        await().atMost(WAIT).until(() -> leadership.isLeader() && registry.isReady());
    }

    @Test
    void anOptOutDeniesEveryPurposeThatSellsOrSharesAndStopsItsProcessingOnce() {
        String sold = newPurpose("CONSENT", true);
        String shared = newPurpose("LEGITIMATE_INTERESTS", true);
        String kept = newPurpose("CONSENT", false);
        given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_ADMIN)).when().get("/api/v1/purposes/" + sold)
                .then().statusCode(200).body("saleOrSharing", is(true));
        DownstreamSystem broker = DownstreamSystem.register(bootstrapServers, "ad-broker", Set.of(sold, kept));
        await().atMost(WAIT).until(() -> registry.system(broker.id()).isPresent());
        String customerId = newCustomerId();
        String subjectKey = subjectKeys.keyOf(customerId);
        record(decision(customerId, sold, "GRANTED"));
        record(decision(customerId, kept, "GRANTED"));
        long before = decisionRows(subjectKey);

        HeedEvent<OptOutRequested> optOut = optOut(subjectKey);
        String collector = "dsr-request:" + optOut.data().requestId();
        RecordMetadata delivered;
        try (TopicReader directives = new TopicReader(bootstrapServers, broker.directivesTopic())) {
            Map<TopicPartition, Long> from = directives.end();
            delivered = publish(optOut, null);
            await().atMost(WAIT).until(() -> applied(optOut.id()) == 1);

            // A denial of both purposes that sell or share, naming the request; the other purpose keeps its grant.
            List<Map<String, Object>> denials = new ArrayList<>();
            for (String purpose : List.of(sold, shared)) {
                Map<String, Object> denial = latest(customerId, purpose);
                assertThat(denial.get("decision"), is("DENIED"));
                assertThat(denial.get("channel"), is("DATA_SUBJECT_REQUEST"));
                assertThat(denial.get("collectorId"), is(collector));
                assertThat(denial.get("gpc"), is(false));
                denials.add(denial);
            }
            assertThat(latest(customerId, kept).get("decision"), is("GRANTED"));
            assertThat(decisionRows(subjectKey), is(before + 2));
            await().atMost(WAIT).untilAsserted(() -> {
                JsonPath answer = check(TestTokens.SYSTEM, customerId, sold,
                        ((Number) denials.get(0).get("version")).longValue());
                assertThat(answer.getBoolean("allowed"), is(false));
                assertThat(answer.getString("status"), is("DENIED"));
            });
            assertThat(check(TestTokens.SYSTEM, customerId, shared, null).getBoolean("allowed"), is(false));
            assertThat(check(TestTokens.SYSTEM, customerId, kept, null).getBoolean("allowed"), is(true));

            // The registered system is told to stop processing for the purpose it holds.
            String decisionId = (String) denials.get(0).get("id");
            JsonNode directive = json(directives.awaitKey(from, subjectKey));
            assertThat(directive.path("kind").asText(), is("STOP_PROCESSING"));
            assertThat(directive.path("purposeId").asText(), is(sold));
            assertThat(directive.path("reference").asText(), is(decisionId));
            propagation(TestTokens.AUDITOR, decisionId).statusCode(200)
                    .body("recipients.systemId", contains(broker.id()));
        }

        // The same event again (a redelivery) records nothing; a later one on the partition shows it was read.
        publish(optOut, delivered.partition());
        HeedEvent<OptOutRequested> marker = optOut(subjectKeys.keyOf(newCustomerId()));
        publish(marker, delivered.partition());
        await().atMost(WAIT).until(() -> applied(marker.id()) == 1);
        assertThat(applied(optOut.id()), is(1L));
        assertThat(decisionRows(subjectKey), is(before + 2));
    }

    @Test
    void anErasedSubjectsOptOutIsStillRecorded() {
        String sold = newPurpose("CONSENT", true);
        String customerId = newCustomerId();
        String subjectKey = subjectKeys.keyOf(customerId);
        record(decision(customerId, sold, "GRANTED"));
        SubjectErased erased = new SubjectErased(UUID.randomUUID(), subjectKey, UUID.randomUUID(),
                DirectiveOutcome.COMPLETED, Set.of(), Set.of(), Instant.now().truncatedTo(ChronoUnit.MILLIS));
        publishRaw(subjectKey, HeedEvent.of(EventType.DSR_SUBJECT_ERASED, Application.DSR_SERVICE.source(),
                Instant.now(), erased), null);
        await().atMost(WAIT).until(() -> count("select count(*) from erased_subject where subject_key = $1",
                Tuple.of(subjectKey)) == 1);

        HeedEvent<OptOutRequested> optOut = optOut(subjectKey);
        publish(optOut, null);
        await().atMost(WAIT).until(() -> applied(optOut.id()) == 1);
        Map<String, Object> denial = latest(customerId, sold);
        assertThat(denial.get("decision"), is("DENIED"));
        assertThat(denial.get("collectorId"), is("dsr-request:" + optOut.data().requestId()));
        assertThat(check(TestTokens.SYSTEM, customerId, sold, null).getString("status"), is("SUBJECT_ERASED"));
    }

    @Test
    void aMalformedOptOutIsDeadLetteredAndTheNextOneIsApplied() {
        String subjectKey = subjectKeys.keyOf(newCustomerId());
        try (TopicReader deadLetters = new TopicReader(bootstrapServers, Topics.dlq(Topics.DSR_EVENTS))) {
            Map<TopicPartition, Long> from = deadLetters.end();
            String malformedId = UUID.randomUUID().toString();
            RecordMetadata malformed = dsrEvents().publish(subjectKey, "{\"subjectKey\": 42".getBytes(StandardCharsets.UTF_8),
                    Map.of(CloudEventHeaders.SPECVERSION, "1.0", CloudEventHeaders.ID, malformedId,
                            CloudEventHeaders.SOURCE, Application.DSR_SERVICE.source(),
                            CloudEventHeaders.TYPE, EventType.DSR_OPT_OUT_REQUESTED.type(),
                            CloudEventHeaders.TIME, Instant.now().toString()), null);
            // Well-formed, but under another subject's key.
            HeedEvent<OptOutRequested> misKeyed = optOut(subjectKey);
            dsrEvents().publish(subjectKeys.keyOf(newCustomerId()), misKeyed.dataBytes(), misKeyed.headerValues(),
                    malformed.partition());
            HeedEvent<OptOutRequested> marker = optOut(subjectKeys.keyOf(newCustomerId()));
            publish(marker, malformed.partition());

            await().atMost(WAIT).until(() -> applied(marker.id()) == 1);
            Map<String, String> reasons = new HashMap<>();
            deadLetters.awaitRecord(from, r -> {
                reasons.put(header(r, CloudEventHeaders.ID), header(r, DeadLetterHeaders.REASON));
                return reasons.containsKey(malformedId) && reasons.containsKey(misKeyed.id());
            });
            assertThat(reasons.get(malformedId), is("payload is not JSON"));
            assertThat(reasons.get(misKeyed.id()), is("the record key is not the subject key"));
            assertThat(applied(malformedId) + applied(misKeyed.id()), is(0L));
            assertThat(decisionRows(subjectKey), is(0L));
        }
    }

    private static HeedEvent<OptOutRequested> optOut(String subjectKey) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return HeedEvent.of(EventType.DSR_OPT_OUT_REQUESTED, Application.DSR_SERVICE.source(), now,
                new OptOutRequested(UUID.randomUUID(), subjectKey, Regulation.CCPA, now.minusSeconds(5), now));
    }

    /** The subject's latest decision about the purpose, from the ledger's history. */
    private static Map<String, Object> latest(String customerId, String purposeId) {
        List<Map<String, Object>> decisions = given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_ADMIN))
                .when().get("/api/v1/subjects/" + customerId + "/consents/history")
                .then().statusCode(200).extract().jsonPath().getList("decisions");
        return decisions.stream().filter(decision -> purposeId.equals(decision.get("purposeId")))
                .reduce((earlier, later) -> later)
                .orElseThrow(() -> new AssertionError("no decision about " + purposeId));
    }

    private RecordMetadata publish(HeedEvent<OptOutRequested> event, Integer partition) {
        return publishRaw(event.kafkaKey(), event, partition);
    }

    private RecordMetadata publishRaw(String key, HeedEvent<?> event, Integer partition) {
        return dsrEvents().publish(key, event.dataBytes(), event.headerValues(), partition);
    }



    private long applied(String eventId) {
        return count("select count(*) from dsr_opt_out where event_id = $1", Tuple.of(eventId));
    }

    private long decisionRows(String subjectKey) {
        return count("select count(*) from consent_decision where subject_key = $1", Tuple.of(subjectKey));
    }

    private long count(String sql, Tuple arguments) {
        return database.preparedQuery(sql).execute(arguments).await().atMost(WAIT).iterator().next().getLong(0);
    }

    private DsrEventsTopic dsrEvents() {
        return new DsrEventsTopic(bootstrapServers);
    }
}
