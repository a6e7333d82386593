package dev.heed.consent.expiry;

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
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heed.consent.ledger.ConsentLedger;
import dev.heed.testkit.kafka.DownstreamSystem;
import dev.heed.consent.support.MovableTime;
import dev.heed.testkit.quarkus.OnVertx;
import dev.heed.platform.leadership.Leadership;
import dev.heed.directives.SystemRegistryView;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.Topics;
import dev.heed.events.consent.ConsentState;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.kafka.TopicReader;
import dev.heed.testkit.quarkus.HeedTestResource;
import dev.heed.testkit.time.MutableClock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The leader's expiry job on the real broker and database, with a clock the test moves. */
@QuarkusTest
@TestProfile(MovableTime.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent"))
class ConsentExpiryTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    Clock clock;
    @Inject
    ConsentExpiryJob job;
    @Inject
    Leadership leadership;
    @Inject
    SystemRegistryView registry;
    @Inject
    SubjectKeys subjectKeys;
    @Inject
    Pool database;

    @ConfigProperty(name = "heed.testkit.kafka.bootstrap-servers")
    String bootstrapServers;

    @BeforeEach
    void leaderAndRegistryReady() {
        await().atMost(WAIT).until(() -> leadership.isLeader() && registry.isReady());
    }

    @Test
    void aGrantPastItsExpiryExpiresExactlyOnceThroughTheLedgerAndFansOut() {
        String purposeId = newPurpose("CONSENT");
        DownstreamSystem crm = DownstreamSystem.register(bootstrapServers, "crm", Set.of(purposeId));
        await().atMost(WAIT).until(() -> registry.system(crm.id()).isPresent());
        String customerId = newCustomerId();
        String subjectKey = subjectKeys.keyOf(customerId);
        Map<String, Object> grant = decision(customerId, purposeId, "GRANTED");
        grant.put("channel", "APP");
        grant.put("noticeVersion", "2026-03");
        Instant expiresAt = clock.instant().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);
        grant.put("expiresAt", expiresAt.toString());
        String grantId = record(grant).getString("id");

        // Not yet due: nothing happens.
        OnVertx.call(job::run);
        assertThat(decisions(subjectKey), contains("GRANTED"));

        try (TopicReader events = new TopicReader(bootstrapServers, Topics.CONSENT_EVENTS);
                TopicReader states = new TopicReader(bootstrapServers, Topics.CONSENT_STATE);
                TopicReader directives = new TopicReader(bootstrapServers, crm.directivesTopic())) {
            Map<TopicPartition, Long> eventsFrom = events.end();
            Map<TopicPartition, Long> statesFrom = states.end();
            Map<TopicPartition, Long> directivesFrom = directives.end();

            ((MutableClock) clock).advance(Duration.ofDays(1).plusMinutes(1));
            Optional<Integer> first = OnVertx.call(job::run);
            assertThat(first.orElseThrow(), greaterThanOrEqualTo(1));
            // A second run, or one on another replica, finds nothing left to do for this grant.
            OnVertx.call(job::run);
            assertThat(decisions(subjectKey), contains("GRANTED", "EXPIRED"));

            Row expiry = database.preparedQuery("select * from consent_decision where subject_key = $1"
                            + " and decision = 'EXPIRED'")
                    .execute(Tuple.of(subjectKey)).await().atMost(WAIT).iterator().next();
            String expiryId = expiry.getUUID("id").toString();
            assertThat(expiry.getString("channel"), is("APP"));
            assertThat(expiry.getString("collector_id"), is(ConsentLedger.EXPIRY_COLLECTOR));
            assertThat(expiry.getString("notice_version"), is("2026-03"));
            assertThat(expiry.getOffsetDateTime("expires_at").toInstant(), is(expiresAt));

            ConsumerRecord<String, byte[]> event = events.awaitRecord(eventsFrom, r -> subjectKey.equals(r.key())
                    && "dev.heed.consent.expired.v1".equals(header(r, CloudEventHeaders.TYPE)));
            assertThat(json(event).path("decisionId").asText(), is(expiryId));
            ConsumerRecord<String, byte[]> state = states.awaitKey(statesFrom, ConsentState.keyOf(subjectKey, purposeId));
            JsonNode stateValue = json(state);
            assertThat(stateValue.path("decision").asText(), is("EXPIRED"));
            assertThat(stateValue.path("decisionId").asText(), is(expiryId));
            JsonNode directive = json(directives.awaitKey(directivesFrom, subjectKey));
            assertThat(directive.path("kind").asText(), is("STOP_PROCESSING"));
            assertThat(directive.path("reference").asText(), is(expiryId));

            propagation(TestTokens.PRIVACY_OPERATOR, expiryId).statusCode(200)
                    .body("recipients.systemId", contains(crm.id()));
            propagation(TestTokens.PRIVACY_OPERATOR, grantId).statusCode(404);
        }
        given().auth().oauth2(TestTokens.forRole(TestTokens.SUPPORT_AGENT))
                .when().get("/api/v1/subjects/" + customerId + "/consents")
                .then().statusCode(200)
                .body("consents.decision", contains("EXPIRED"));
    }

    @Test
    void aGrantReplacedBeforeItsExpiryDoesNotExpire() {
        String purposeId = newPurpose("CONSENT");
        String customerId = newCustomerId();
        String subjectKey = subjectKeys.keyOf(customerId);
        Map<String, Object> grant = decision(customerId, purposeId, "GRANTED");
        grant.put("expiresAt", clock.instant().plus(Duration.ofHours(1)).toString());
        record(grant);
        record(decision(customerId, purposeId, "WITHDRAWN"));
        Map<String, Object> renewed = decision(customerId, purposeId, "GRANTED");
        renewed.put("expiresAt", clock.instant().plus(Duration.ofDays(365)).toString());
        record(renewed);

        ((MutableClock) clock).advance(Duration.ofHours(2));
        OnVertx.call(job::run);
        OnVertx.call(job::run);

        assertThat(decisions(subjectKey), contains("GRANTED", "WITHDRAWN", "GRANTED"));
    }

    private List<String> decisions(String subjectKey) {
        List<String> decisions = new ArrayList<>();
        database.preparedQuery("select decision from consent_decision where subject_key = $1 order by sequence")
                .execute(Tuple.of(subjectKey)).await().atMost(WAIT)
                .forEach(row -> decisions.add(row.getString("decision")));
        return decisions;
    }
}
