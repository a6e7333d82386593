package dev.heed.systemtests;

import static dev.heed.testkit.kafka.TopicReader.header;
import static dev.heed.testkit.kafka.TopicReader.json;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heed.events.Application;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.consent.ConsentState;
import dev.heed.events.consent.Decision;
import dev.heed.events.directive.AckOutcome;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.examples.mailer.MarketingMailer;
import dev.heed.examples.supportdesk.SupportDesk;
import dev.heed.testkit.HeedInfra;
import dev.heed.testkit.InfraProcess;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.kafka.DownstreamSystem;
import dev.heed.testkit.kafka.TopicReader;
import dev.heed.testkit.stack.HeedService;
import dev.heed.testkit.stack.HeedStack;
import dev.heed.testkit.subject.SubjectKeySecret;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An erasure from end to end: packaged dsr-service as its own process, the two example systems
 * (support desk, marketing mailer) in this JVM on their own databases, and a third registered
 * system that never answers. dsr-service gives the systems 20 seconds, so the deadline passes
 * during the test and the request settles without the silent one. Also: a re-sent directive is
 * answered from the stored acknowledgement, and an objection takes a customer off the mailer's list
 * while its campaigns mail only current grants.
 */
class ErasureEndToEndTest {

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(20);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration SETTLED_WITHIN = ANSWER_WITHIN.plus(WAIT);

    private static HeedStack stack;
    private static String dsr;
    private static String bootstrapServers;
    private static SubjectKeys subjectKeys;
    private static DataSource deskDatabase;
    private static DataSource mailerDatabase;
    private static SupportDesk desk;
    private static MarketingMailer mailer;
    private static String silentId;

    @BeforeAll
    static void startDsrServiceAndTheExampleSystems() throws Exception {
        Path root = Path.of(System.getProperty("heed.project.root", "..")).toAbsolutePath().normalize();
        HeedInfra infra = HeedInfra.get();
        bootstrapServers = infra.kafkaBootstrapServers();
        // A packaged process's clock cannot be moved: a short answer time and a frequent deadline job instead.
        HeedService dsrService = HeedService.ALL.get(1).onPort(InfraProcess.freePort()).onDatabase("heed_dsr_erasure")
                .withEnvironment(Map.of(
                        "HEED_DSR_SYSTEMS_ANSWER_WITHIN", ANSWER_WITHIN.toString(),
                        "HEED_DIRECTIVES_DEADLINES_EVERY", "1s"));
        String secret = SubjectKeySecret.perJvm();
        subjectKeys = new SubjectKeys(SubjectKeySecret.VERSION, Base64.getDecoder().decode(secret));
        stack = HeedStack.start(root, infra, TestTokens.issuer(), secret, root.resolve("system-tests/target/erasure"),
                List.of(dsrService), true, Duration.ofMinutes(3));
        dsr = stack.process("dsr-service").baseUrl();

        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String deskId = "support-desk-" + suffix;
        String mailerId = "marketing-mailer-" + suffix;
        silentId = "silent-archive-" + suffix;
        // As a platform team onboards them: the template's topics and Kafka users (deploy/k8s/onboarding).
        Map<String, Map<String, String>> kafkaOf = new HashMap<>();
        for (String systemId : List.of(deskId, mailerId, silentId)) {
            kafkaOf.put(systemId, infra.onboardSystem(systemId));
        }
        register(deskId, List.of("support"), List.of("customer-support"), List.of("ERASE", "EXPORT"));
        register(mailerId, List.of("contact"), List.of("marketing", "newsletter"), List.of("ERASE", "STOP_PROCESSING"));
        register(silentId, List.of("contact", "support"), List.of("marketing"),
                List.of("ERASE", "EXPORT", "STOP_PROCESSING"));
        for (String systemId : List.of(deskId, mailerId, silentId)) {
            await().atMost(WAIT).until(() -> given().baseUri(dsr).auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR))
                    .when().get("/api/v1/systems/" + systemId).statusCode() == 200);
        }
        // Directives go to the systems in dsr-service's registry view, fed from privacy.systems.v1. A
        // replica is ready only once its view has read that topic to the end it found at start, so a
        // restart makes "ready" mean "knows the three systems", without racing the view.
        stack.restart(stack.process("dsr-service"), Duration.ofMinutes(3));

        deskDatabase = database(infra, "example_support_desk");
        mailerDatabase = database(infra, "example_marketing_mailer");
        desk = new SupportDesk(deskDatabase, kafkaOf.get(deskId), deskId, subjectKeys).start();
        mailer = new MarketingMailer(mailerDatabase, kafkaOf.get(mailerId), mailerId, subjectKeys).start();
    }

    @AfterAll
    static void stopEverything() {
        if (desk != null) {
            desk.close();
        }
        if (mailer != null) {
            mailer.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void anErasureDeletesTheCustomerInBothSystemsAndSettlesWithoutTheSilentOne() {
        String customerId = "customer-" + UUID.randomUUID();
        String email = "ada." + UUID.randomUUID() + "@example.com";
        String otherId = "customer-" + UUID.randomUUID();
        String otherEmail = "grace." + UUID.randomUUID() + "@example.com";
        String subjectKey = subjectKeys.keyOf(customerId);
        String otherKey = subjectKeys.keyOf(otherId);

        desk.openTicket(customerId, email, "My parcel never arrived");
        desk.openTicket(customerId, email, "Please close my account");
        desk.openTicket(otherId, otherEmail, "Wrong size");
        mailer.subscribe(customerId, email, Set.of("newsletter", "marketing"));
        mailer.subscribers().logSend(subjectKey, "newsletter", "welcome");
        mailer.subscribe(otherId, otherEmail, Set.of("newsletter"));
        mailer.subscribers().logSend(otherKey, "newsletter", "welcome");
        assertThat(tickets(subjectKey), is(2L));
        assertThat(mailerRows(subjectKey), is(2L));

        try (TopicReader events = new TopicReader(bootstrapServers, Topics.DSR_EVENTS)) {
            Map<TopicPartition, Long> from = events.end();
            JsonPath filed = fileErasure(customerId);
            String requestId = filed.getString("id");
            assertThat(filed.getString("subjectKey"), is(subjectKey));
            assertThat(filed.getList("directive.tasks.systemId", String.class),
                    hasItems(desk.systemId(), mailer.systemId(), silentId));
            answerForForeignSystems(filed);

            // Both example systems got the directive and really deleted the customer's rows.
            await().atMost(WAIT).until(() -> tickets(subjectKey) == 0 && mailerRows(subjectKey) == 0);
            // Nobody else's.
            assertThat(tickets(otherKey), is(1L));
            assertThat(mailerRows(otherKey), is(2L));

            // The deadline passes without the silent system: partially completed, naming it.
            await().atMost(SETTLED_WITHIN).until(() -> request(requestId).getString("status"),
                    is("PARTIALLY_COMPLETED"));
            JsonPath settled = request(requestId);
            assertThat(settled.getList("directive.unansweredSystems", String.class), contains(silentId));
            assertThat(task(settled, desk.systemId(), "state"), is("DONE"));
            assertThat(task(settled, desk.systemId(), "recordsAffected"), is(2));
            assertThat(task(settled, mailer.systemId(), "state"), is("DONE"));
            assertThat(task(settled, mailer.systemId(), "recordsAffected"), is(2));
            assertThat(task(settled, silentId, "state"), is("OVERDUE"));

            ConsumerRecord<String, byte[]> erased = events.awaitRecord(from, r -> subjectKey.equals(r.key())
                    && "dev.heed.dsr.subject-erased.v1".equals(header(r, CloudEventHeaders.TYPE)));
            JsonNode fact = json(erased);
            assertThat(fact.path("requestId").asText(), is(requestId));
            assertThat(fact.path("outcome").asText(), is("PARTIALLY_COMPLETED"));
            assertThat(texts(fact.path("confirmedSystems")), hasItems(desk.systemId(), mailer.systemId()));
            assertThat(texts(fact.path("unconfirmedSystems")), contains(silentId));
            assertThat(new String(erased.value()), not(containsString(customerId)));
        }
    }

    @Test
    void aReSentDirectiveIsAnsweredFromTheStoredAcknowledgementAndNothingIsErasedTwice() throws Exception {
        String customerId = "customer-" + UUID.randomUUID();
        String email = "alan." + UUID.randomUUID() + "@example.com";
        String subjectKey = subjectKeys.keyOf(customerId);
        desk.openTicket(customerId, email, "Invoice is wrong");

        try (TopicReader directives = new TopicReader(bootstrapServers, Topics.directives(desk.systemId()));
                TopicReader acks = new TopicReader(bootstrapServers, Topics.acks(desk.systemId()))) {
            Map<TopicPartition, Long> directivesFrom = directives.end();
            Map<TopicPartition, Long> acksFrom = acks.end();
            JsonPath filed = fileErasure(customerId);
            String directiveId = filed.getString("directive.id");
            answerForForeignSystems(filed);

            ConsumerRecord<String, byte[]> directive = directives.awaitRecord(directivesFrom,
                    r -> directiveId.equals(json(r).path("directiveId").asText()));
            ConsumerRecord<String, byte[]> firstAnswer = acks.awaitRecord(acksFrom,
                    r -> directiveId.equals(json(r).path("directiveId").asText()));
            assertThat(json(firstAnswer).path("outcome").asText(), is(AckOutcome.DONE.name()));
            assertThat(json(firstAnswer).path("recordsAffected").asLong(), is(1L));
            assertThat(tickets(subjectKey), is(0L));

            // The customer writes in again. Erasing a second time would take this ticket too.
            desk.openTicket(customerId, email, "Did you delete my data?");

            // The issuer, having no answer as far as it knows, re-sends the directive unchanged
            // (same CloudEvents id), as dsr-service's re-send job does.
            Map<TopicPartition, Long> resentFrom = acks.end();
            publishAgain(directive);
            ConsumerRecord<String, byte[]> secondAnswer = acks.awaitRecord(resentFrom,
                    r -> directiveId.equals(json(r).path("directiveId").asText()));

            assertThat(header(secondAnswer, CloudEventHeaders.ID), is(header(firstAnswer, CloudEventHeaders.ID)));
            assertThat(json(secondAnswer), is(json(firstAnswer)));
            assertThat("the handler did not run again", tickets(subjectKey), is(1L));
        }
    }

    @Test
    void anObjectionUnsubscribesFromThePurposeAndCampaignsMailOnlyCurrentGrants() throws Exception {
        String consenting = subjectKeys.keyOf("customer-" + UUID.randomUUID());
        String objectingId = "customer-" + UUID.randomUUID();
        String objecting = subjectKeys.keyOf(objectingId);
        String undecided = subjectKeys.keyOf("customer-" + UUID.randomUUID());
        for (String subjectKey : List.of(consenting, objecting, undecided)) {
            mailer.subscribers().subscribe(subjectKey, UUID.randomUUID() + "@example.com", Set.of("newsletter"));
        }
        // consent-service does not run here: publish the state it would, for two of the three.
        publishGrant(consenting, "newsletter");
        publishGrant(objecting, "newsletter");
        await().atMost(WAIT).until(() -> mailer.mayMail(consenting, "newsletter") && mailer.mayMail(objecting, "newsletter"));
        assertThat(mailer.mayMail(undecided, "newsletter"), is(false));

        // The customer objects to the newsletter: a STOP_PROCESSING directive to the systems registered for it.
        JsonPath filed = given().baseUri(dsr).auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR))
                .contentType(ContentType.JSON)
                .body(Map.of("type", "OBJECTION", "regulation", "GDPR", "customerId", objectingId,
                        "purposeId", "newsletter", "verificationNote", "called from the registered phone number"))
                .when().post("/api/v1/requests")
                .then().statusCode(201).extract().jsonPath();
        assertThat(filed.getString("directive.kind"), is("STOP_PROCESSING"));
        assertThat(filed.getList("directive.tasks.systemId", String.class), hasItems(mailer.systemId()));
        assertThat(filed.getList("directive.tasks.systemId", String.class), not(hasItems(desk.systemId())));
        answerForForeignSystems(filed);
        String requestId = filed.getString("id");
        await().atMost(WAIT).until(() -> task(request(requestId), mailer.systemId(), "state"), is("DONE"));
        assertThat(task(request(requestId), mailer.systemId(), "recordsAffected"), is(1));

        // Still granted in the consent view, but off the list: the objection wins.
        mailer.sendCampaign("newsletter", "spring-news");
        assertThat(mailsTo(consenting, "spring-news"), is(1L));
        assertThat(mailsTo(objecting, "spring-news"), is(0L));
        assertThat(mailsTo(undecided, "spring-news"), is(0L));
    }

    // --- dsr-service over HTTP

    private static void register(String systemId, List<String> categories, List<String> purposes, List<String> kinds) {
        given().baseUri(dsr).auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("systemId", systemId, "name", "Example " + systemId, "ownerTeam", "examples",
                        "dataCategories", categories, "purposes", purposes, "directiveKinds", kinds))
                .when().post("/api/v1/systems")
                .then().statusCode(201);
    }

    private static JsonPath fileErasure(String customerId) {
        JsonPath filed = given().baseUri(dsr).auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR))
                .contentType(ContentType.JSON)
                .body(Map.of("type", "ERASURE", "regulation", "GDPR", "customerId", customerId,
                        "verificationNote", "ID card checked at the counter"))
                .when().post("/api/v1/requests")
                .then().statusCode(201).extract().jsonPath();
        assertThat(filed.getString("status"), is("IN_PROGRESS"));
        assertThat(filed.getString("directive.kind"), is("ERASE"));
        return filed;
    }

    private static JsonPath request(String requestId) {
        return given().baseUri(dsr).auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR))
                .when().get("/api/v1/requests/" + requestId)
                .then().statusCode(200).extract().jsonPath();
    }

    private static Object task(JsonPath request, String systemId, String field) {
        return request.get("directive.tasks.find { it.systemId == '" + systemId + "' }." + field);
    }

    /**
     * Systems other test classes registered on this broker receive the erasure too: they answer
     * that they hold nothing, so only this test's silent system stays silent.
     */
    private static void answerForForeignSystems(JsonPath filed) {
        Set<String> ours = Set.of(desk.systemId(), mailer.systemId(), silentId);
        UUID directiveId = UUID.fromString(filed.getString("directive.id"));
        for (String systemId : filed.getList("directive.tasks.systemId", String.class)) {
            if (!ours.contains(systemId)) {
                DownstreamSystem.answering(bootstrapServers, systemId)
                        .acknowledge(directiveId, AckOutcome.NOT_APPLICABLE, 0);
            }
        }
    }

    // --- the example systems' own tables

    private static long tickets(String subjectKey) {
        return count(deskDatabase, "select count(*) from ticket where subject_key = ?", subjectKey);
    }

    private static long mailerRows(String subjectKey) {
        return count(mailerDatabase, "select count(*) from subscriber where subject_key = ?", subjectKey)
                + count(mailerDatabase, "select count(*) from send_log where subject_key = ?", subjectKey);
    }

    private static long mailsTo(String subjectKey, String campaign) {
        return count(mailerDatabase, "select count(*) from send_log where subject_key = ? and campaign = ?",
                subjectKey, campaign);
    }

    private static long count(DataSource database, String sql, String... parameters) {
        try (Connection connection = database.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DataSource database(HeedInfra infra, String name) {
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setURL(infra.jdbcUrl(name));
        database.setUser(infra.username());
        database.setPassword(infra.password());
        return database;
    }

    // --- Kafka

    /** Onboarding creates each system's directive and acks topics before it starts. */
    private static void publishGrant(String subjectKey, String purposeId) throws Exception {
        Instant now = Instant.now();
        ConsentState granted = new ConsentState(subjectKey, purposeId, 1, Decision.GRANTED, UUID.randomUUID(), null,
                false, now, 1);
        HeedEvent<ConsentState> event = HeedEvent.of(EventType.CONSENT_STATE, Application.CONSENT_SERVICE.source(),
                now, granted);
        RecordHeaders headers = new RecordHeaders();
        event.writeHeaders(headers);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.CONSENT_STATE, null, event.kafkaKey(), event.dataBytes(), headers))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static void publishAgain(ConsumerRecord<String, byte[]> record) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(record.topic(), null, record.key(), record.value(), record.headers()))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
