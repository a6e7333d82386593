package dev.heed.retention.consent;

import static dev.heed.testkit.kafka.TopicReader.header;
import static dev.heed.testkit.kafka.TopicReader.json;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heed.platform.leadership.Leadership;
import dev.heed.directives.SystemRegistryView;
import dev.heed.events.Application;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.DeadLetterHeaders;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.consent.ConsentChannel;
import dev.heed.events.consent.ConsentDecision;
import dev.heed.events.consent.Decision;
import dev.heed.events.directive.AckOutcome;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.retention.catalogue.PurposeCatalogueView;
import dev.heed.retention.support.Catalogue;
import dev.heed.retention.support.MovableTime;
import dev.heed.testkit.quarkus.OnVertx;
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
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Consent withdrawals on the real broker schedule subject-level purges in the real database; the
 * leader's job, with the clock moved past due, issues them as PURGE directives to the systems.
 */
@QuarkusTest
@TestProfile(MovableTime.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "retention"))
class ConsentPurgeTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String OPERATOR = TestTokens.forRole(TestTokens.PRIVACY_OPERATOR);
    private static final String GRACE = "P14D";

    @Inject
    SubjectKeys subjectKeys;
    @Inject
    Pool database;
    @Inject
    MutableClock clock;
    @Inject
    Leadership leadership;
    @Inject
    SystemRegistryView registry;
    @Inject
    PurposeCatalogueView catalogue;
    @Inject
    ConsentPurgeJob job;

    @ConfigProperty(name = "heed.testkit.kafka.bootstrap-servers")
    String bootstrapServers;

    private Instant startedAt;
    private String purposeId;
    private String policyId;
    private DownstreamSystem crm;
    private DownstreamSystem mailer;
    private DownstreamSystem otherPurpose;

    @BeforeEach
    void purposeSystemsAndPolicy() {
        await().atMost(WAIT).until(leadership::isLeader);
        startedAt = clock.instant();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        purposeId = "newsletter-" + suffix;
        policyId = "newsletter-contact-" + suffix;
        new Catalogue(bootstrapServers).purpose(purposeId, Set.of("contact"));
        crm = DownstreamSystem.register(bootstrapServers, "crm", Set.of(purposeId), Set.of(DirectiveKind.PURGE));
        mailer = DownstreamSystem.register(bootstrapServers, "mailer", Set.of(purposeId),
                Set.of(DirectiveKind.PURGE));
        otherPurpose = DownstreamSystem.register(bootstrapServers, "billing", Set.of("billing-" + suffix),
                Set.of(DirectiveKind.PURGE));
        await().atMost(WAIT).until(() -> catalogue.purpose(purposeId).isPresent()
                && registry.system(crm.id()).isPresent() && registry.system(mailer.id()).isPresent()
                && registry.system(otherPurpose.id()).isPresent());
        given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("policyId", policyId, "dataCategory", "contact", "purposeId", purposeId,
                        "retainFor", "P30D", "anchor", "CONSENT_WITHDRAWN", "action", "DELETE",
                        "owner", "marketing", "gracePeriod", GRACE))
                .when().post("/api/v1/policies")
                .then().statusCode(201);
    }

    /** Other tests of this application compare the service's clock with the databases' now(). */
    @AfterEach
    void clockBack() {
        clock.set(startedAt);
    }

    @Test
    void aWithdrawalSchedulesThePurgeOnceAndTheJobIssuesItToEachHoldingSystemWhenDue() {
        String subjectKey = subjectKeys.keyOf("customer-" + UUID.randomUUID());
        HeedEvent<ConsentDecision> withdrawal = decision(subjectKey, Decision.WITHDRAWN);
        Instant withdrawnAt = withdrawal.data().recordedAt();
        send(Topics.CONSENT_EVENTS, subjectKey, withdrawal);

        Map<String, Object> scheduled = awaitPurge(withdrawal.data().decisionId(), "scheduled");
        assertThat((Object) scheduled.get("subjectKey"), is((Object) subjectKey));
        assertThat((Object) scheduled.get("purposeId"), is((Object) purposeId));
        assertThat((Object) scheduled.get("policyId"), is((Object) policyId));
        assertThat((Object) scheduled.get("policyVersion"), is((Object) 1));
        assertThat(Instant.parse((String) scheduled.get("dueAt")),
                is(withdrawnAt.atOffset(ZoneOffset.UTC).plusDays(14).toInstant()));

        // The same record again (a redelivery), then a marker behind it on the subject's partition.
        send(Topics.CONSENT_EVENTS, subjectKey, withdrawal);
        HeedEvent<ConsentDecision> marker = decision(subjectKey, Decision.DENIED);
        send(Topics.CONSENT_EVENTS, subjectKey, marker);
        await().atMost(WAIT).until(() -> count("select count(*) from consent_event_inbox where event_id = $1",
                marker.id()) == 1);
        assertThat(purgesOf(withdrawal), is(1L));

        try (TopicReader crmTopic = new TopicReader(bootstrapServers, crm.directivesTopic());
                TopicReader mailerTopic = new TopicReader(bootstrapServers, mailer.directivesTopic());
                TopicReader otherTopic = new TopicReader(bootstrapServers, otherPurpose.directivesTopic())) {
            Map<TopicPartition, Long> crmFrom = crmTopic.end();
            Map<TopicPartition, Long> mailerFrom = mailerTopic.end();
            Map<TopicPartition, Long> otherFrom = otherTopic.end();

            runJob();
            assertThat("not due yet", status(withdrawal.data().decisionId()), is("scheduled"));

            clock.advance(Duration.ofDays(15));
            runJob();
            ConsumerRecord<String, byte[]> toCrm = crmTopic.awaitKey(crmFrom, subjectKey);
            ConsumerRecord<String, byte[]> toMailer = mailerTopic.awaitKey(mailerFrom, subjectKey);
            for (ConsumerRecord<String, byte[]> directive : List.of(toCrm, toMailer)) {
                assertThat(header(directive, CloudEventHeaders.TYPE), is(EventType.DIRECTIVE_ISSUED.type()));
                JsonNode issued = json(directive);
                assertThat(issued.path("kind").asText(), is("PURGE"));
                assertThat(issued.path("subjectKey").asText(), is(subjectKey));
                assertThat(issued.path("purposeId").asText(), is(purposeId));
                assertThat(issued.path("dataCategories").toString(), is("[\"contact\"]"));
                assertThat(issued.path("parameters").path("policyId").asText(), is(policyId));
                assertThat(issued.path("parameters").path("anchor").asText(), is("CONSENT_WITHDRAWN"));
                assertThat(issued.path("parameters").path("action").asText(), is("DELETE"));
            }
            Map<String, Object> issued = awaitPurge(withdrawal.data().decisionId(), "issued");
            UUID directiveId = UUID.fromString((String) issued.get("directiveId"));
            assertThat(json(toCrm).path("directiveId").asText(), is(directiveId.toString()));
            assertThat("a system without the purpose gets nothing", otherTopic.end(), is(otherFrom));

            crm.acknowledge(directiveId, AckOutcome.DONE, 3);
            mailer.acknowledge(directiveId, AckOutcome.DONE, 2);
            await().atMost(WAIT).until(() -> "COMPLETED".equals(purge(withdrawal.data().decisionId())
                    .map(purge -> purge.get("outcome")).orElse(null)));
            assertThat(purge(withdrawal.data().decisionId()).orElseThrow().get("recordsAffected"), is((Object) 5));

            Map<TopicPartition, Long> crmAfter = crmTopic.end();
            assertThat("an issued purge is not issued again", runJob(), is(0));
            assertThat(crmTopic.end(), is(crmAfter));
        }
    }

    @Test
    void aGrantBeforeTheDueTimeCancelsThePurge() {
        String subjectKey = subjectKeys.keyOf("customer-" + UUID.randomUUID());
        HeedEvent<ConsentDecision> withdrawal = decision(subjectKey, Decision.WITHDRAWN);
        send(Topics.CONSENT_EVENTS, subjectKey, withdrawal);
        awaitPurge(withdrawal.data().decisionId(), "scheduled");

        clock.advance(Duration.ofDays(3));
        HeedEvent<ConsentDecision> grant = decision(subjectKey, Decision.GRANTED);
        send(Topics.CONSENT_EVENTS, subjectKey, grant);
        Map<String, Object> cancelled = awaitPurge(withdrawal.data().decisionId(), "cancelled");
        assertThat((Object) cancelled.get("cancelledBy"), is((Object) grant.data().decisionId().toString()));

        try (TopicReader crmTopic = new TopicReader(bootstrapServers, crm.directivesTopic())) {
            Map<TopicPartition, Long> from = crmTopic.end();
            clock.advance(Duration.ofDays(15));
            runJob();
            assertThat(status(withdrawal.data().decisionId()), is("cancelled"));
            assertThat(crmTopic.end(), is(from));
        }
    }

    @Test
    void aLegalHoldOnTheSubjectKeepsThePurgeScheduledUntilItIsReleased() {
        String customerId = "customer-" + UUID.randomUUID();
        String subjectKey = subjectKeys.keyOf(customerId);
        String admin = TestTokens.forRole(TestTokens.PRIVACY_ADMIN);
        String holdId = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("scope", "SUBJECT", "customerId", customerId, "caseReference", "case-2026-200",
                        "reason", "pending litigation"))
                .when().post("/api/v1/holds")
                .then().statusCode(201).extract().jsonPath().getString("id");
        HeedEvent<ConsentDecision> withdrawal = decision(subjectKey, Decision.WITHDRAWN);
        send(Topics.CONSENT_EVENTS, subjectKey, withdrawal);
        awaitPurge(withdrawal.data().decisionId(), "scheduled");

        try (TopicReader crmTopic = new TopicReader(bootstrapServers, crm.directivesTopic())) {
            Map<TopicPartition, Long> from = crmTopic.end();
            clock.advance(Duration.ofDays(15));
            runJob();
            Map<String, Object> held = purge(withdrawal.data().decisionId()).orElseThrow();
            assertThat((Object) held.get("status"), is((Object) "SCHEDULED"));
            assertThat(held.get("heldSince"), notNullValue());
            assertThat(crmTopic.end(), is(from));

            given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("reason", "case closed"))
                    .when().post("/api/v1/holds/" + holdId + "/release")
                    .then().statusCode(200);
            runJob();
            Map<String, Object> issued = awaitPurge(withdrawal.data().decisionId(), "issued");
            assertThat(issued.get("heldSince"), nullValue());
            assertThat(json(crmTopic.awaitKey(from, subjectKey)).path("subjectKey").asText(), is(subjectKey));
        }
    }

    @Test
    void aMalformedDecisionGoesToTheDeadLetterTopicAndSchedulesNothing() {
        String subjectKey = subjectKeys.keyOf("customer-" + UUID.randomUUID());
        long purges = count("select count(*) from consent_purge where subject_key = $1", subjectKey);
        HeedEvent<ConsentDecision> withdrawal = decision(subjectKey, Decision.WITHDRAWN);
        RecordHeaders headers = new RecordHeaders();
        withdrawal.writeHeaders(headers);
        createDeadLetterTopic();
        try (TopicReader dlq = new TopicReader(bootstrapServers, Topics.dlq(Topics.CONSENT_EVENTS))) {
            Map<TopicPartition, Long> from = dlq.end();
            send(new ProducerRecord<>(Topics.CONSENT_EVENTS, null, subjectKey,
                    "{\"decisionId\":\"not-a-uuid\"}".getBytes(StandardCharsets.UTF_8), headers));
            ConsumerRecord<String, byte[]> dead = dlq.awaitKey(from, subjectKey);
            assertThat(header(dead, CloudEventHeaders.ID), is(withdrawal.id()));
            assertThat(header(dead, DeadLetterHeaders.REASON), containsString("ConsentDecision"));
        }
        assertThat(count("select count(*) from consent_purge where subject_key = $1", subjectKey), is(purges));
        assertThat(count("select count(*) from consent_event_inbox where event_id = $1", withdrawal.id()), is(0L));
    }

    @Test
    void theListRefusesAnUnknownStatusAndOtherRolesAndShowsNoCustomerId() {
        String customerId = "customer-" + UUID.randomUUID();
        String subjectKey = subjectKeys.keyOf(customerId);
        HeedEvent<ConsentDecision> withdrawal = decision(subjectKey, Decision.WITHDRAWN);
        send(Topics.CONSENT_EVENTS, subjectKey, withdrawal);
        awaitPurge(withdrawal.data().decisionId(), "scheduled");

        String body = given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                .when().get("/api/v1/consent-purges")
                .then().statusCode(200).extract().asString();
        assertThat(body, containsString(subjectKey));
        assertThat(body, not(containsString(customerId)));
        given().auth().oauth2(OPERATOR).queryParam("status", "purged")
                .when().get("/api/v1/consent-purges")
                .then().statusCode(400).contentType("application/problem+json")
                .body(containsString("status"));
        given().auth().oauth2(TestTokens.forRole(TestTokens.SUPPORT_AGENT))
                .when().get("/api/v1/consent-purges")
                .then().statusCode(403);
        given().when().get("/api/v1/consent-purges").then().statusCode(401);
    }

    private HeedEvent<ConsentDecision> decision(String subjectKey, Decision decision) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return HeedEvent.of(decision.eventType(), Application.CONSENT_SERVICE.source(), at,
                new ConsentDecision(UUID.randomUUID(), subjectKey, purposeId, 1, decision, ConsentChannel.WEB,
                        "signup-form", "2026-01", null, "DE", false, at));
    }

    private Map<String, Object> awaitPurge(UUID decisionId, String status) {
        await().atMost(WAIT).until(() -> status.equals(status(decisionId)));
        return purge(decisionId).orElseThrow();
    }

    private String status(UUID decisionId) {
        return purge(decisionId).map(purge -> String.valueOf(purge.get("status")).toLowerCase()).orElse(null);
    }

    /** This test's policy's purge for the decision, as the API lists it. */
    private Optional<Map<String, Object>> purge(UUID decisionId) {
        List<Map<String, Object>> purges = given().auth().oauth2(OPERATOR).queryParam("limit", 500)
                .when().get("/api/v1/consent-purges")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return purges.stream()
                .filter(purge -> decisionId.toString().equals(purge.get("decisionId"))
                        && policyId.equals(purge.get("policyId")))
                .findFirst();
    }

    private long purgesOf(HeedEvent<ConsentDecision> decision) {
        return count("select count(*) from consent_purge where decision_id = $1", decision.data().decisionId());
    }

    private int runJob() {
        return OnVertx.call(job::run).orElseThrow();
    }

    private long count(String sql, Object parameter) {
        return database.preparedQuery(sql).execute(Tuple.of(parameter)).await().atMost(WAIT).iterator().next()
                .getLong(0);
    }

    /** As a deployment does: a reader that starts before the topic exists would find it only later. */
    private void createDeadLetterTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            String topic = Topics.dlq(Topics.CONSENT_EVENTS);
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void send(String topic, String key, HeedEvent<?> event) {
        RecordHeaders headers = new RecordHeaders();
        event.writeHeaders(headers);
        send(new ProducerRecord<>(topic, null, key, event.dataBytes(), headers));
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
}
