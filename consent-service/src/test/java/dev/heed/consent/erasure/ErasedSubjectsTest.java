package dev.heed.consent.erasure;

import static dev.heed.consent.support.Consents.check;
import static dev.heed.consent.support.Consents.decision;
import static dev.heed.consent.support.Consents.newCustomerId;
import static dev.heed.consent.support.Consents.newPurpose;
import static dev.heed.consent.support.Consents.post;
import static dev.heed.consent.support.Consents.propagation;
import static dev.heed.consent.support.Consents.record;
import static dev.heed.testkit.kafka.TopicReader.header;
import static dev.heed.testkit.kafka.TopicReader.json;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.heed.testkit.kafka.DownstreamSystem;
import dev.heed.consent.support.DsrEventsTopic;
import dev.heed.consent.support.MovableTime;
import dev.heed.testkit.quarkus.OnVertx;
import dev.heed.platform.leadership.Leadership;
import dev.heed.directives.SystemRegistryView;
import dev.heed.events.Application;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.DeadLetterHeaders;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.consent.ConsentState;
import dev.heed.events.directive.DirectiveOutcome;
import dev.heed.events.dsr.SubjectErased;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.kafka.TopicReader;
import dev.heed.testkit.quarkus.HeedTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * dsr-service's SubjectErased on the real broker: the erasure is recorded once, the subject's
 * state keys are tombstoned, new grants are refused and everything else is still recorded.
 */
@QuarkusTest
@TestProfile(MovableTime.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent"))
class ErasedSubjectsTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    Pool database;
    @Inject
    SubjectKeys subjectKeys;
    @Inject
    ErasedSubjects erasedSubjects;
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
    void anErasedSubjectStaysSuppressedAndItsStateIsTombstonedForEveryPurpose() {
        String purposeId = newPurpose("CONSENT");
        String otherPurposeId = newPurpose("CONSENT");
        DownstreamSystem crm = DownstreamSystem.register(bootstrapServers, "crm", Set.of(purposeId));
        await().atMost(WAIT).until(() -> registry.system(crm.id()).isPresent());
        String customerId = newCustomerId();
        String subjectKey = subjectKeys.keyOf(customerId);
        record(decision(customerId, purposeId, "GRANTED"));
        assertThat(OnVertx.call(() -> erasedSubjects.isErased(subjectKey)), is(false));
        // Both answers cached on this replica: only the tombstones can change them.
        await().atMost(WAIT).until(() -> check(TestTokens.SYSTEM, customerId, purposeId, null).getString("answeredFrom").equals("CACHE")
                && check(TestTokens.SYSTEM, customerId, otherPurposeId, null).getString("answeredFrom").equals("CACHE"));
        assertThat(check(TestTokens.SYSTEM, customerId, purposeId, null).getBoolean("allowed"), is(true));

        try (TopicReader events = new TopicReader(bootstrapServers, Topics.CONSENT_EVENTS);
                TopicReader states = new TopicReader(bootstrapServers, Topics.CONSENT_STATE);
                TopicReader directives = new TopicReader(bootstrapServers, crm.directivesTopic())) {
            Set<String> stateKeys = new HashSet<>();
            for (String catalogued : purposeIds()) {
                stateKeys.add(ConsentState.keyOf(subjectKey, catalogued));
            }
            Map<TopicPartition, Long> statesFrom = states.end();
            HeedEvent<SubjectErased> erasure = erasure(subjectKey);
            RecordMetadata delivered = publish(erasure);

            Row erased = awaitErasedRow(subjectKey);
            assertThat(erased.getUUID("request_id"), is(erasure.data().requestId()));
            assertThat(erased.getOffsetDateTime("erased_at").toInstant(), is(erasure.data().erasedAt()));
            OffsetDateTime recordedAt = erased.getOffsetDateTime("recorded_at");
            assertThat(recordedAt, notNullValue());
            assertThat(OnVertx.call(() -> erasedSubjects.isErased(subjectKey)), is(true));

            // A tombstone for every purpose of the catalogue, also the one the subject never decided about.
            Set<String> tombstoned = new HashSet<>();
            states.awaitRecord(statesFrom, r -> {
                if (r.value() == null && stateKeys.contains(r.key())) {
                    tombstoned.add(r.key());
                }
                return tombstoned.equals(stateKeys);
            });
            assertThat(tombstoned.contains(ConsentState.keyOf(subjectKey, otherPurposeId)), is(true));
            await().atMost(WAIT).untilAsserted(() -> {
                for (String purpose : List.of(purposeId, otherPurposeId)) {
                    JsonPath answer = check(TestTokens.SYSTEM, customerId, purpose, null);
                    assertThat(answer.getString("status"), is("SUBJECT_ERASED"));
                    assertThat(answer.getBoolean("allowed"), is(false));
                }
            });

            // A new grant is refused and leaves no trace.
            awaitOutboxSent();
            long rows = rowCount(subjectKey);
            long queued = outboxRows(subjectKey);
            Map<TopicPartition, Long> eventsEnd = events.end();
            Map<TopicPartition, Long> statesEnd = states.end();
            for (String purpose : List.of(purposeId, otherPurposeId)) {
                post(decision(customerId, purpose, "GRANTED")).statusCode(409)
                        .contentType(containsString("application/problem+json"))
                        .body("status", is(409))
                        .body("type", containsString("subject-erased"))
                        .body("detail", containsString("erased"))
                        .body(not(containsString(customerId)));
            }
            assertThat(rowCount(subjectKey), is(rows));
            assertThat(outboxRows(subjectKey), is(queued));
            awaitOutboxSent();
            assertThat(events.end(), is(eventsEnd));
            assertThat(states.end(), is(statesEnd));

            // A withdrawal and an opt-out are still recorded, published and fanned out, but publish no state.
            Map<TopicPartition, Long> directivesFrom = directives.end();
            String withdrawalId = record(decision(customerId, purposeId, "WITHDRAWN")).getString("id");
            Map<String, Object> optOut = decision(customerId, otherPurposeId, "DENIED");
            optOut.put("gpc", true);
            String optOutId = record(optOut).getString("id");
            ConsumerRecord<String, byte[]> withdrawn = events.awaitRecord(eventsEnd, r -> subjectKey.equals(r.key())
                    && "dev.heed.consent.withdrawn.v1".equals(header(r, CloudEventHeaders.TYPE)));
            assertThat(json(withdrawn).path("decisionId").asText(), is(withdrawalId));
            ConsumerRecord<String, byte[]> deniedEvent = events.awaitRecord(eventsEnd, r -> subjectKey.equals(r.key())
                    && "dev.heed.consent.denied.v1".equals(header(r, CloudEventHeaders.TYPE)));
            assertThat(json(deniedEvent).path("decisionId").asText(), is(optOutId));
            assertThat(json(directives.awaitKey(directivesFrom, subjectKey)).path("reference").asText(),
                    is(withdrawalId));
            propagation(TestTokens.AUDITOR, withdrawalId).statusCode(200)
                    .body("recipients.systemId", contains(crm.id()));
            awaitOutboxSent();
            assertThat(states.end(), is(statesEnd));
            assertThat(rowCount(subjectKey), is(rows + 2));

            // The same erasure again (a redelivery) changes nothing; a later one on the partition shows it was read.
            long tombstones = tombstoneRows(subjectKey);
            publish(erasure, delivered.partition());
            String markerKey = subjectKeys.keyOf(newCustomerId());
            publish(erasure(markerKey), delivered.partition());
            awaitErasedRow(markerKey);
            Row again = awaitErasedRow(subjectKey);
            assertThat(again.getUUID("request_id"), is(erasure.data().requestId()));
            assertThat(again.getOffsetDateTime("recorded_at"), is(recordedAt));
            assertThat(tombstoneRows(subjectKey), is(tombstones));
            assertThat(erasedRows(subjectKey), is(1L));
        }
    }

    @Test
    void otherRequestFactsAreSkippedAndAMalformedErasureIsDeadLettered() {
        String subjectKey = subjectKeys.keyOf(newCustomerId());
        try (TopicReader deadLetters = new TopicReader(bootstrapServers, Topics.dlq(Topics.DSR_EVENTS))) {
            Map<TopicPartition, Long> from = deadLetters.end();
            String otherId = UUID.randomUUID().toString();
            RecordMetadata other = dsrEvents().publish(subjectKey, "{\"requestId\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                    Map.of(CloudEventHeaders.ID, otherId, CloudEventHeaders.TYPE, EventType.DSR_STATUS_CHANGED.type()),
                    null);
            String malformedId = UUID.randomUUID().toString();
            dsrEvents().publish(subjectKey, "{\"subjectKey\": 42".getBytes(StandardCharsets.UTF_8),
                    Map.of(CloudEventHeaders.SPECVERSION, "1.0", CloudEventHeaders.ID, malformedId,
                            CloudEventHeaders.SOURCE, Application.DSR_SERVICE.source(),
                            CloudEventHeaders.TYPE, EventType.DSR_SUBJECT_ERASED.type(),
                            CloudEventHeaders.TIME, Instant.now().toString()), other.partition());
            String markerKey = subjectKeys.keyOf(newCustomerId());
            publish(erasure(markerKey), other.partition());

            awaitErasedRow(markerKey);
            List<String> deadLettered = new ArrayList<>();
            ConsumerRecord<String, byte[]> dead = deadLetters.awaitRecord(from, r -> {
                deadLettered.add(header(r, CloudEventHeaders.ID));
                return malformedId.equals(header(r, CloudEventHeaders.ID));
            });
            assertThat(dead.key(), is(subjectKey));
            assertThat(header(dead, DeadLetterHeaders.TOPIC), is(Topics.DSR_EVENTS));
            assertThat(header(dead, DeadLetterHeaders.REASON), is("payload is not JSON"));
            assertThat(new String(dead.value(), StandardCharsets.UTF_8), is("{\"subjectKey\": 42"));
            assertThat(deadLettered.contains(otherId), is(false));
            assertThat(erasedRows(subjectKey), is(0L));
        }
    }

    private HeedEvent<SubjectErased> erasure(String subjectKey) {
        SubjectErased erased = new SubjectErased(UUID.randomUUID(), subjectKey, UUID.randomUUID(),
                DirectiveOutcome.COMPLETED, Set.of("crm"), Set.of(), Instant.now().truncatedTo(ChronoUnit.MILLIS));
        return HeedEvent.of(EventType.DSR_SUBJECT_ERASED, Application.DSR_SERVICE.source(), Instant.now(), erased);
    }

    private RecordMetadata publish(HeedEvent<SubjectErased> event) {
        return publish(event, null);
    }

    private RecordMetadata publish(HeedEvent<SubjectErased> event, Integer partition) {
        return dsrEvents().publish(event.kafkaKey(), event.dataBytes(), event.headerValues(), partition);
    }



    private Row awaitErasedRow(String subjectKey) {
        await().atMost(WAIT).until(() -> erasedRows(subjectKey) == 1);
        return database.preparedQuery("select * from erased_subject where subject_key = $1")
                .execute(Tuple.of(subjectKey)).await().atMost(WAIT).iterator().next();
    }

    private List<String> purposeIds() {
        List<String> ids = new ArrayList<>();
        database.query("select distinct purpose_id from purpose_version").execute().await().atMost(WAIT)
                .forEach(row -> ids.add(row.getString(0)));
        return ids;
    }

    /** The relay has published everything queued so far. */
    private void awaitOutboxSent() {
        await().atMost(WAIT).until(() -> count("select count(*) from heed_platform.outbox where sent_at is null",
                Tuple.tuple()) == 0);
    }

    private long erasedRows(String subjectKey) {
        return count("select count(*) from erased_subject where subject_key = $1", Tuple.of(subjectKey));
    }

    private long rowCount(String subjectKey) {
        return count("select count(*) from consent_decision where subject_key = $1", Tuple.of(subjectKey));
    }

    private long outboxRows(String subjectKey) {
        return count("select count(*) from heed_platform.outbox where message_key = $1 or message_key like $2",
                Tuple.of(subjectKey, subjectKey + "/%"));
    }

    private long tombstoneRows(String subjectKey) {
        return count("select count(*) from heed_platform.outbox where message_key like $1 and payload is null",
                Tuple.of(subjectKey + "/%"));
    }

    private long count(String sql, Tuple arguments) {
        return database.preparedQuery(sql).execute(arguments).await().atMost(WAIT).iterator().next().getLong(0);
    }

    private DsrEventsTopic dsrEvents() {
        return new DsrEventsTopic(bootstrapServers);
    }
}
