package dev.heed.consent.propagation;

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
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heed.testkit.kafka.DownstreamSystem;
import dev.heed.consent.support.MovableTime;
import dev.heed.testkit.quarkus.OnVertx;
import dev.heed.platform.leadership.Leadership;
import dev.heed.directives.SystemRegistryView;
import dev.heed.directives.DeadlineJob;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.Topics;
import dev.heed.events.consent.ConsentState;
import dev.heed.events.directive.AckOutcome;
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
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * Withdrawals, opt-outs and objections fanned out to registered test systems over the real broker,
 * their answers on their own acks topics, and the proof endpoint following it all, up to and past
 * the deadline.
 */
@QuarkusTest
@TestProfile(MovableTime.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent"))
class StopProcessingPropagationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    Clock clock;
    @Inject
    SystemRegistryView registry;
    @Inject
    Leadership leadership;
    @Inject
    DeadlineJob deadlines;
    @Inject
    SubjectKeys subjectKeys;

    @ConfigProperty(name = "heed.testkit.kafka.bootstrap-servers")
    String bootstrapServers;

    @BeforeEach
    void leaderAndRegistryReady() {
        await().atMost(WAIT).until(() -> leadership.isLeader() && registry.isReady());
    }

    @Test
    void aWithdrawalReachesEverySystemOfThePurposeAndTheProofFollowsTheirAnswersPastTheDeadline() {
        String purposeId = newPurpose("CONSENT");
        List<DownstreamSystem> systems = register(purposeId, "crm", "mailer", "analytics");
        DownstreamSystem unrelated = register(newPurpose("CONSENT"), "billing").get(0);
        String customerId = newCustomerId();
        String subjectKey = subjectKeys.keyOf(customerId);

        JsonPath granted = record(decision(customerId, purposeId, "GRANTED"));
        propagation(TestTokens.AUDITOR, granted.getString("id")).statusCode(404);
        assertThat(check(TestTokens.SYSTEM, customerId, purposeId, granted.getLong("version")).getBoolean("allowed"),
                is(true));
        TopicReader events = new TopicReader(bootstrapServers, Topics.CONSENT_EVENTS);
        TopicReader states = new TopicReader(bootstrapServers, Topics.CONSENT_STATE);
        Map<TopicPartition, Long> eventsFrom = events.end();
        Map<TopicPartition, Long> statesFrom = states.end();

        List<TopicReader> readers = new ArrayList<>();
        List<Map<TopicPartition, Long>> from = new ArrayList<>();
        for (DownstreamSystem system : systems) {
            TopicReader reader = new TopicReader(bootstrapServers, system.directivesTopic());
            readers.add(reader);
            from.add(reader.end());
        }
        JsonPath withdrawn = record(decision(customerId, purposeId, "WITHDRAWN"));
        String decisionId = withdrawn.getString("id");
        // Denied at once: the withdrawal's token rules out the cached grant.
        JsonPath denied = check(TestTokens.SYSTEM, customerId, purposeId, withdrawn.getLong("version"));
        assertThat(denied.getBoolean("allowed"), is(false));
        assertThat(denied.getString("status"), is("WITHDRAWN"));
        try (events; states) {
            assertThat(header(events.awaitRecord(eventsFrom, r -> subjectKey.equals(r.key())
                            && "dev.heed.consent.withdrawn.v1".equals(header(r, CloudEventHeaders.TYPE))),
                    CloudEventHeaders.TYPE), is("dev.heed.consent.withdrawn.v1"));
            assertThat(json(states.awaitRecord(statesFrom, r -> ConsentState.keyOf(subjectKey, purposeId).equals(r.key())
                    && r.value() != null && json(r).path("decision").asText().equals("WITHDRAWN")))
                    .path("decisionId").asText(), is(decisionId));
        }

        UUID directiveId;
        try {
            List<String> directiveIds = new ArrayList<>();
            for (int i = 0; i < systems.size(); i++) {
                ConsumerRecord<String, byte[]> directive = readers.get(i).awaitKey(from.get(i), subjectKey);
                assertThat(header(directive, CloudEventHeaders.TYPE), is("dev.heed.directive.issued.v1"));
                assertThat(header(directive, CloudEventHeaders.SOURCE), is("/heed/consent-service"));
                assertThat(new String(directive.value(), StandardCharsets.UTF_8), not(containsString(customerId)));
                JsonNode issued = json(directive);
                assertThat(issued.path("kind").asText(), is("STOP_PROCESSING"));
                assertThat(issued.path("systemId").asText(), is(systems.get(i).id()));
                assertThat(issued.path("subjectKey").asText(), is(subjectKey));
                assertThat(issued.path("purposeId").asText(), is(purposeId));
                assertThat(issued.path("reference").asText(), is(decisionId));
                directiveIds.add(issued.path("directiveId").asText());
            }
            assertThat(Set.copyOf(directiveIds).size(), is(1));
            directiveId = UUID.fromString(directiveIds.get(0));
        } finally {
            readers.forEach(TopicReader::close);
        }

        // Only the systems registered for the purpose, each pending and sent once.
        JsonPath issued = propagation(TestTokens.AUDITOR, decisionId).statusCode(200)
                .body("decisionId", is(decisionId))
                .body("directiveId", is(directiveId.toString()))
                .body("subjectKey", is(subjectKey))
                .body("purposeId", is(purposeId))
                .body("state", is("ISSUED"))
                .body("recipients.systemId", containsInAnyOrder(systems.stream().map(DownstreamSystem::id).toArray()))
                .body("recipients.systemId", not(org.hamcrest.Matchers.hasItem(unrelated.id())))
                .body("recipients.state", everyItem(is("PENDING")))
                .body("recipients.overdue", everyItem(is(false)))
                .body("recipients.acknowledgedAt", everyItem(nullValue()))
                .body(not(containsString(customerId)))
                .extract().jsonPath();
        Instant issuedAt = Instant.parse(issued.getString("issuedAt"));
        assertThat(Instant.parse(issued.getString("deadline")), is(issuedAt.plus(Duration.ofDays(30))));
        await().atMost(WAIT).until(() -> propagation(TestTokens.AUDITOR, decisionId).extract().jsonPath()
                .getList("recipients.firstSentAt").stream().allMatch(sent -> sent != null));
        assertThat(propagation(TestTokens.AUDITOR, decisionId).extract().jsonPath().getList("recipients.sendCount"),
                everyItem(is(1)));

        DownstreamSystem crm = systems.get(0);
        DownstreamSystem mailer = systems.get(1);
        DownstreamSystem silent = systems.get(2);
        crm.acknowledge(directiveId, AckOutcome.DONE, 4);
        mailer.acknowledge(directiveId, AckOutcome.NOT_APPLICABLE, 0);
        await().atMost(WAIT).until(() -> {
            JsonPath proof = propagation(TestTokens.PRIVACY_OPERATOR, decisionId).extract().jsonPath();
            return "DONE".equals(recipient(proof, crm, "state")) && "NOT_APPLICABLE".equals(recipient(proof, mailer, "state"));
        });
        JsonPath answered = propagation(TestTokens.SUPPORT_AGENT, decisionId).statusCode(200)
                .body("state", is("ISSUED"))
                .extract().jsonPath();
        assertThat(recipient(answered, crm, "acknowledgedAt"), notNullValue());
        assertThat(recipient(answered, crm, "recordsAffected"), is(4));
        assertThat(recipient(answered, crm, "overdue"), is(false));
        assertThat(recipient(answered, mailer, "acknowledgedAt"), notNullValue());
        assertThat(recipient(answered, silent, "state"), is("PENDING"));
        assertThat(recipient(answered, silent, "acknowledgedAt"), nullValue());

        // Past the deadline the silent system reads overdue at once; the deadline job settles the directive.
        ((MutableClock) clock).advance(Duration.ofDays(31));
        JsonPath late = propagation(TestTokens.PRIVACY_ADMIN, decisionId).statusCode(200).extract().jsonPath();
        assertThat(recipient(late, silent, "overdue"), is(true));
        assertThat(recipient(late, crm, "overdue"), is(false));
        assertThat(OnVertx.call(deadlines::run).isPresent(), is(true));
        JsonPath settled = propagation(TestTokens.PRIVACY_ADMIN, decisionId).statusCode(200)
                .body("state", is("PARTIALLY_COMPLETED"))
                .body("settledAt", notNullValue())
                .extract().jsonPath();
        assertThat(recipient(settled, silent, "state"), is("OVERDUE"));
        assertThat(recipient(settled, silent, "overdue"), is(true));
        assertThat(recipient(settled, crm, "state"), is("DONE"));
        assertThat(recipient(settled, mailer, "overdue"), is(false));
    }

    @Test
    void optOutsAndObjectionsFanOutAPlainRefusalDoesNot() {
        String consentPurpose = newPurpose("CONSENT");
        DownstreamSystem marketing = register(consentPurpose, "ads").get(0);
        String interestPurpose = newPurpose("LEGITIMATE_INTERESTS");
        DownstreamSystem analytics = register(interestPurpose, "analytics").get(0);
        String customerId = newCustomerId();

        Map<String, Object> optOut = decision(customerId, consentPurpose, "DENIED");
        optOut.put("gpc", true);
        String optOutId = record(optOut).getString("id");
        propagation(TestTokens.AUDITOR, optOutId).statusCode(200)
                .body("recipients.systemId", org.hamcrest.Matchers.contains(marketing.id()));

        String objectionId = record(decision(customerId, interestPurpose, "DENIED")).getString("id");
        propagation(TestTokens.AUDITOR, objectionId).statusCode(200)
                .body("recipients.systemId", org.hamcrest.Matchers.contains(analytics.id()));

        // Refusing consent that was never given stops nothing.
        String refusalId = record(decision(newCustomerId(), consentPurpose, "DENIED")).getString("id");
        propagation(TestTokens.AUDITOR, refusalId).statusCode(404)
                .contentType(containsString("application/problem+json"));

        // No system processes data for this purpose: the directive completes at once, with nobody to tell.
        String lonelyPurpose = newPurpose("CONSENT");
        String withdrawalId = record(decision(customerId, lonelyPurpose, "WITHDRAWN")).getString("id");
        propagation(TestTokens.AUDITOR, withdrawalId).statusCode(200)
                .body("state", is("COMPLETED"))
                .body("recipients", empty());
    }

    @Test
    void theProofNeedsARoleAndADecisionId() {
        String anyId = UUID.randomUUID().toString();
        given().when().get("/api/v1/withdrawals/" + anyId + "/propagation").then().statusCode(401);
        for (String role : List.of(TestTokens.SYSTEM, "customer")) {
            propagation(role, anyId).statusCode(403);
        }
        for (String malformed : List.of("not-a-uuid", "1-2-3-4-5")) {
            propagation(TestTokens.AUDITOR, malformed).statusCode(400)
                    .contentType(containsString("application/problem+json"))
                    .body("errors[0].field", is("id"));
        }
        propagation(TestTokens.AUDITOR, anyId).statusCode(404)
                .contentType(containsString("application/problem+json"))
                .body("status", is(404));
    }

    private List<DownstreamSystem> register(String purposeId, String... names) {
        List<DownstreamSystem> systems = new ArrayList<>();
        for (String name : names) {
            systems.add(DownstreamSystem.register(bootstrapServers, name, Set.of(purposeId)));
        }
        await().atMost(WAIT).until(() -> systems.stream().allMatch(s -> registry.system(s.id()).isPresent()));
        return systems;
    }

    private static <T> T recipient(JsonPath proof, DownstreamSystem system, String field) {
        return proof.get("recipients.find { it.systemId == '" + system.id() + "' }." + field);
    }
}
