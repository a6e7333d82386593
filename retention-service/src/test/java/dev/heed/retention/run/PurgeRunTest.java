package dev.heed.retention.run;

import static dev.heed.testkit.kafka.TopicReader.header;
import static dev.heed.testkit.kafka.TopicReader.json;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heed.platform.leadership.Leadership;
import dev.heed.directives.SystemRegistryView;
import dev.heed.directives.DeadlineJob;
import dev.heed.events.EventType;
import dev.heed.events.Topics;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.examples.mailer.MarketingMailer;
import dev.heed.examples.supportdesk.SupportDesk;
import dev.heed.retention.catalogue.PurposeCatalogueView;
import dev.heed.retention.support.Catalogue;
import dev.heed.retention.support.MovableTime;
import dev.heed.testkit.quarkus.OnVertx;
import dev.heed.testkit.HeedInfra;
import dev.heed.testkit.jwt.TestTokens;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A purge run on the real broker and database, answered by the two example systems with their own
 * PostgreSQL tables: one directive per system, expired rows purged and counted, the run completed
 * and announced; the same policy version in the same window is never purged twice; a subject under
 * legal hold keeps its rows until the hold is released.
 */
@QuarkusTest
@TestProfile(MovableTime.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "retention"))
class PurgeRunTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    SystemRegistryView registry;
    @Inject
    PurposeCatalogueView catalogue;
    @Inject
    Leadership leadership;
    @Inject
    PurgeSchedule schedule;
    @Inject
    DeadlineJob deadlines;
    @Inject
    SubjectKeys subjectKeys;
    @Inject
    MutableClock clock;
    @Inject
    Pool database;

    @ConfigProperty(name = "heed.testkit.kafka.bootstrap-servers")
    String bootstrapServers;

    private String suffix;
    private String category;
    private SupportDesk desk;
    private MarketingMailer mailer;
    private DataSource deskDatabase;
    private DataSource mailerDatabase;

    @BeforeEach
    void exampleSystemsRegisteredAndRunning() throws Exception {
        await().atMost(WAIT).until(() -> leadership.isLeader() && registry.isReady() && catalogue.isReady());
        suffix = UUID.randomUUID().toString().substring(0, 8);
        category = "support-history-" + suffix;
        String purposeId = "customer-support-" + suffix;
        Catalogue broker = new Catalogue(bootstrapServers);
        broker.purpose(purposeId, Set.of(category));
        broker.system("support-desk-" + suffix, Set.of(category), purposeId);
        broker.system("marketing-mailer-" + suffix, Set.of(category), purposeId);
        await().atMost(WAIT).until(() -> registry.system("support-desk-" + suffix).isPresent()
                && registry.system("marketing-mailer-" + suffix).isPresent()
                && catalogue.purpose(purposeId).isPresent());

        HeedInfra infra = HeedInfra.get();
        deskDatabase = dataSource(infra, "retention_desk_" + suffix.replace('-', '_'));
        mailerDatabase = dataSource(infra, "retention_mailer_" + suffix.replace('-', '_'));
        desk = new SupportDesk(deskDatabase, bootstrapServers, "support-desk-" + suffix, subjectKeys).start();
        mailer = new MarketingMailer(mailerDatabase, bootstrapServers, "marketing-mailer-" + suffix, subjectKeys)
                .start();
    }

    @AfterEach
    void stopSystems() throws Exception {
        desk.close();
        mailer.close();
    }

    @Test
    void aRunPurgesExpiredRowsAtEverySystemOnceAndCompletes() {
        String expired = "customer-expired-" + suffix;
        String recent = "customer-recent-" + suffix;
        desk.openTicket(expired, "old@example.com", "Where is my parcel?");
        desk.openTicket(recent, "new@example.com", "Wrong size");
        update(deskDatabase, "update ticket set created_at = now() - interval '40 days' where subject_key = ?",
                subjectKeys.keyOf(expired));
        update(mailerDatabase, "insert into send_log (subject_key, purpose_id, campaign, sent_at)"
                + " values (?, 'newsletter', 'spring-sale', now() - interval '45 days')", subjectKeys.keyOf(expired));
        update(mailerDatabase, "insert into send_log (subject_key, purpose_id, campaign, sent_at)"
                + " values (?, 'newsletter', 'autumn-sale', now())", subjectKeys.keyOf(recent));

        String policyId = "support-history-" + suffix;
        given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("policyId", policyId, "dataCategory", category, "retainFor", "P30D",
                        "anchor", "COLLECTED", "action", "DELETE", "owner", "customer-care",
                        "legalReference", "internal retention schedule §4"))
                .when().post("/api/v1/policies").then().statusCode(201);

        try (TopicReader deskTopic = new TopicReader(bootstrapServers, Topics.directives("support-desk-" + suffix));
                TopicReader mailerTopic = new TopicReader(bootstrapServers,
                        Topics.directives("marketing-mailer-" + suffix));
                TopicReader events = new TopicReader(bootstrapServers, Topics.RETENTION_EVENTS)) {
            Map<TopicPartition, Long> deskStart = deskTopic.beginning();
            Map<TopicPartition, Long> mailerStart = mailerTopic.beginning();
            Map<TopicPartition, Long> eventsFrom = events.end();

            JsonPath started = startRun(policyId, 201);
            String runId = started.getString("id");
            assertThat(started.getList("systems.systemId"),
                    is(List.of("marketing-mailer-" + suffix, "support-desk-" + suffix)));

            JsonNode deskDirective = json(deskTopic.awaitRecord(deskStart, record -> true));
            assertThat(deskDirective.path("kind").asText(), is("PURGE"));
            assertThat(deskDirective.path("reference").asText(), is(runId));
            JsonNode parameters = deskDirective.path("parameters");
            assertThat(parameters.path("policyId").asText(), is(policyId));
            assertThat(parameters.path("anchor").asText(), is("COLLECTED"));
            assertThat(parameters.path("retainFor").asText(), is("P30D"));
            assertThat(parameters.path("action").asText(), is("DELETE"));
            assertThat(parameters.path("cutoff").asText(), is(started.getString("cutoff")));
            assertThat(parameters.path("heldSubjectKeys").isArray(), is(true));
            assertThat(parameters.path("legalHolds").isArray(), is(true));
            assertThat(json(mailerTopic.awaitRecord(mailerStart, record -> true)).path("reference").asText(),
                    is(runId));

            JsonPath finished = awaitRun(runId, "COMPLETED");
            assertThat(finished.getString("systems.find { it.systemId.startsWith('support-desk') }.result"),
                    is("DONE"));
            assertThat(finished.getLong("systems.find { it.systemId.startsWith('support-desk') }.recordsAffected"),
                    is(1L));
            assertThat(finished.getLong("systems.find { it.systemId.startsWith('marketing-mailer') }.recordsAffected"),
                    is(1L));
            assertThat(finished.getLong("recordsPurged"), is(2L));

            assertThat(count(deskDatabase, "select count(*) from ticket where subject_key = ?",
                    subjectKeys.keyOf(expired)), is(0L));
            assertThat(count(deskDatabase, "select count(*) from ticket where subject_key = ?",
                    subjectKeys.keyOf(recent)), is(1L));
            assertThat(count(mailerDatabase, "select count(*) from send_log where subject_key = ?",
                    subjectKeys.keyOf(expired)), is(0L));
            assertThat(count(mailerDatabase, "select count(*) from send_log where subject_key = ?",
                    subjectKeys.keyOf(recent)), is(1L));

            ConsumerRecord<String, byte[]> announced = events.awaitRecord(eventsFrom, record -> policyId.equals(
                    record.key()) && EventType.RETENTION_PURGE_RUN_FINISHED.type().equals(header(record, "ce_type")));
            JsonNode run = json(announced);
            assertThat(run.path("runId").asText(), is(runId));
            assertThat(run.path("outcome").asText(), is("COMPLETED"));
            assertThat(run.path("systems").size(), is(2));

            // The same version in the same window, on demand and on schedule: the existing run, nothing issued.
            Map<TopicPartition, Long> deskEnd = deskTopic.end();
            Map<TopicPartition, Long> mailerEnd = mailerTopic.end();
            long directives = purgeDirectives();
            JsonPath again = startRun(policyId, 200);
            assertThat(again.getString("id"), is(runId));
            OnVertx.call(schedule::run);
            assertThat(runsOf(policyId), is(1L));
            assertThat(purgeDirectives(), is(directives));
            awaitOutboxDrained();
            assertThat(deskTopic.end(), is(deskEnd));
            assertThat(mailerTopic.end(), is(mailerEnd));

            // The next window is the next run, with a later cutoff; there is nothing left to purge.
            clock.advance(Duration.ofDays(1));
            JsonPath next = startRun(policyId, 201);
            assertThat(next.getString("id"), not(is(runId)));
            JsonPath nextFinished = awaitRun(next.getString("id"), "COMPLETED");
            assertThat(nextFinished.getList("systems.result"), is(List.of("NOT_APPLICABLE", "NOT_APPLICABLE")));

            JsonPath report = given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                    .queryParam("policy", policyId)
                    .queryParam("from", "2000-01-01T00:00:00Z")
                    .queryParam("to", "2100-01-01T00:00:00Z")
                    .when().get("/api/v1/runs").then().statusCode(200).extract().jsonPath();
            assertThat(report.getList("id"), is(List.of(next.getString("id"), runId)));
        }
    }

    @Test
    void aSystemThatDoesNotAnswerLeavesTheRunPartiallyCompleted() throws Exception {
        desk.close();
        String policyId = "support-history-silent-" + suffix;
        given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("policyId", policyId, "dataCategory", category, "retainFor", "P1Y",
                        "anchor", "LAST_ACTIVITY", "action", "ANONYMISE", "owner", "customer-care"))
                .when().post("/api/v1/policies").then().statusCode(201);
        String runId = startRun(policyId, 201).getString("id");
        await().atMost(WAIT).until(() -> "NOT_APPLICABLE".equals(run(runId)
                .getString("systems.find { it.systemId.startsWith('marketing-mailer') }.result")));
        assertThat(run(runId).getString("state"), is("RUNNING"));

        // Past the deadline the library's deadline job settles the silent system's directive as overdue.
        clock.advance(Duration.ofDays(8));
        OnVertx.call(deadlines::run);
        JsonPath finished = awaitRun(runId, "PARTIALLY_COMPLETED");
        assertThat(finished.getString("systems.find { it.systemId.startsWith('support-desk') }.result"),
                is("UNANSWERED"));

        // The desk comes back and answers late: its part shows the answer, the run keeps its outcome.
        desk = new SupportDesk(deskDatabase, bootstrapServers, "support-desk-" + suffix, subjectKeys).start();
        await().atMost(WAIT).until(() -> "NOT_APPLICABLE".equals(run(runId)
                .getString("systems.find { it.systemId.startsWith('support-desk') }.result")));
        assertThat(run(runId).getString("state"), is("PARTIALLY_COMPLETED"));
    }

    @Test
    void theLeaderRunsEveryPolicyOnScheduleOncePerWindow() {
        String policyId = "support-history-scheduled-" + suffix;
        given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("policyId", policyId, "dataCategory", category, "retainFor", "P2Y",
                        "anchor", "COLLECTED", "action", "DELETE", "owner", "customer-care"))
                .when().post("/api/v1/policies").then().statusCode(201);

        assertThat(OnVertx.call(schedule::run).orElseThrow() >= 1, is(true));
        JsonPath report = given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                .queryParam("policy", policyId).queryParam("from", "2000-01-01T00:00:00Z")
                .queryParam("to", "2100-01-01T00:00:00Z")
                .when().get("/api/v1/runs").then().statusCode(200).extract().jsonPath();
        assertThat(report.getList("trigger"), is(List.of("SCHEDULE")));
        assertThat(report.getString("[0].startedBy"), is("retention-service"));
        awaitRun(report.getString("[0].id"), "COMPLETED");

        OnVertx.call(schedule::run);
        assertThat(runsOf(policyId), is(1L));
    }

    @Test
    void aHeldSubjectKeepsItsRowsThroughARunAndTheNextRunAfterTheReleasePurgesThem() {
        Instant startedAt = clock.instant();
        String held = "customer-held-" + suffix;
        String free = "customer-free-" + suffix;
        desk.openTicket(held, "held@example.com", "Refund for the broken chair");
        desk.openTicket(free, "free@example.com", "Where is my parcel?");
        update(deskDatabase, "update ticket set created_at = now() - interval '40 days' where subject_key = ?",
                subjectKeys.keyOf(held));
        update(deskDatabase, "update ticket set created_at = now() - interval '40 days' where subject_key = ?",
                subjectKeys.keyOf(free));
        String admin = TestTokens.forRole(TestTokens.PRIVACY_ADMIN);
        String holdId = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("scope", "SUBJECT", "customerId", held, "caseReference", "case-" + suffix,
                        "reason", "pending litigation"))
                .when().post("/api/v1/holds").then().statusCode(201).extract().jsonPath().getString("id");
        String policyId = "support-history-held-" + suffix;
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("policyId", policyId, "dataCategory", category, "retainFor", "P30D",
                        "anchor", "COLLECTED", "action", "DELETE", "owner", "customer-care"))
                .when().post("/api/v1/policies").then().statusCode(201);
        try (TopicReader deskTopic = new TopicReader(bootstrapServers, Topics.directives("support-desk-" + suffix))) {
            Map<TopicPartition, Long> deskStart = deskTopic.beginning();
            String runId = startRun(policyId, 201).getString("id");
            JsonNode parameters = json(deskTopic.awaitRecord(deskStart, record -> true)).path("parameters");
            assertThat(parameters.path("heldSubjectKeys").toString(), containsString(subjectKeys.keyOf(held)));
            assertThat(parameters.path("legalHolds").toString(), containsString(holdId));
            awaitRun(runId, "COMPLETED");
            assertThat(count(deskDatabase, "select count(*) from ticket where subject_key = ?",
                    subjectKeys.keyOf(held)), is(1L));
            assertThat(count(deskDatabase, "select count(*) from ticket where subject_key = ?",
                    subjectKeys.keyOf(free)), is(0L));

            given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("reason", "case closed"))
                    .when().post("/api/v1/holds/" + holdId + "/release").then().statusCode(200);
            clock.advance(Duration.ofDays(1));
            String nextRunId = startRun(policyId, 201).getString("id");
            JsonPath next = awaitRun(nextRunId, "COMPLETED");
            assertThat(next.getLong("systems.find { it.systemId.startsWith('support-desk') }.recordsAffected"),
                    is(1L));
            assertThat(count(deskDatabase, "select count(*) from ticket where subject_key = ?",
                    subjectKeys.keyOf(held)), is(0L));
        } finally {
            clock.set(startedAt);
        }
    }

    private static JsonPath startRun(String policyId, int status) {
        return given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR))
                .when().post("/api/v1/policies/" + policyId + "/runs")
                .then().statusCode(status).extract().jsonPath();
    }

    private static JsonPath run(String runId) {
        return given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                .when().get("/api/v1/runs/" + runId).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath awaitRun(String runId, String state) {
        await().atMost(WAIT).until(() -> state.equals(run(runId).getString("state")));
        return run(runId);
    }

    private long runsOf(String policyId) {
        return database.preparedQuery("select count(*) from purge_run where policy_id = $1")
                .execute(Tuple.of(policyId)).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    private long purgeDirectives() {
        return database.query("select count(*) from heed_directives.directive where kind = 'PURGE'")
                .execute().await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    private void awaitOutboxDrained() {
        await().atMost(WAIT).until(() -> database.query(
                        "select count(*) from heed_platform.outbox where sent_at is null")
                .execute().await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0) == 0);
    }

    private static DataSource dataSource(HeedInfra infra, String name) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(infra.jdbcUrl(name));
        dataSource.setUser(infra.username());
        dataSource.setPassword(infra.password());
        return dataSource;
    }

    private static void update(DataSource dataSource, String sql, String parameter) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement update = connection.prepareStatement(sql)) {
            update.setString(1, parameter);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(DataSource dataSource, String sql, String parameter) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
