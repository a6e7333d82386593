package dev.heed.dsr.registry;

import static dev.heed.testkit.kafka.TopicReader.json;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.matchesPattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heed.client.AnnouncementState;
import dev.heed.client.DirectiveResult;
import dev.heed.client.InMemoryAcknowledgementStore;
import dev.heed.client.PrivacyClient;
import dev.heed.client.SystemDescription;
import dev.heed.events.Topics;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.kafka.TopicReader;
import dev.heed.testkit.quarkus.HeedTestResource;
import dev.heed.testkit.openapi.OpenApiChecked;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A system announcing itself with its own token, on the real broker and database: registered when
 * new, updated when it says something new, and silent on the registry topic when it says the same.
 */
@QuarkusTest
@ExtendWith(OpenApiChecked.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "dsr"))
class SystemAnnouncementTest {

    @Inject
    Pool database;

    @ConfigProperty(name = "heed.testkit.kafka.bootstrap-servers")
    String bootstrapServers;

    @TestHTTPResource("/")
    URL dsrBaseUrl;

    private TopicReader topic;

    @BeforeEach
    void readTheSystemsTopic() {
        topic = new TopicReader(bootstrapServers, Topics.SYSTEMS);
    }

    @AfterEach
    void close() {
        topic.close();
    }

    @Test
    void anUnknownSystemRegistersItselfWithItsTopics() {
        String systemId = newSystemId();
        Map<TopicPartition, Long> offsets = topic.end();

        announce(systemId, announcement("Help desk", "1.2.0")).statusCode(201)
                .header("Location", containsString("/api/v1/systems/" + systemId))
                .body("systemId", is(systemId))
                .body("status", is("ACTIVE"))
                .body("transport", is("KAFKA"))
                .body("clientVersion", is("1.2.0"))
                .body("announcedAt", notNullValue())
                .body("topics.directives", is(true))
                .body("topics.acks", is(true));

        Row row = row(systemId);
        assertThat(row.getString("name"), is("Help desk"));
        assertThat(row.getString("client_version"), is("1.2.0"));
        assertThat(row.getOffsetDateTime("announced_at"), notNullValue());

        ConsumerRecord<String, byte[]> record = topic.awaitKey(offsets, systemId);
        JsonNode body = json(record);
        assertThat(body.path("name").asText(), is("Help desk"));
        assertThat(body.path("ownerTeam").asText(), is("support"));
        assertThat(texts(body.path("dataCategories")), contains("support"));
        assertThat(texts(body.path("directiveKinds")), containsInAnyOrder("ERASE", "EXPORT"));

        // An administrator still sees and manages it as any other system.
        given().auth().oauth2(TestTokens.forRole("privacy-operator"))
                .when().get("/api/v1/systems/" + systemId)
                .then().statusCode(200)
                .body("clientVersion", is("1.2.0"));
    }

    @Test
    void aSystemOnPrivacyClientAnnouncesItselfAsItStarts() throws Exception {
        String systemId = newSystemId();
        Map<TopicPartition, Long> offsets = topic.end();

        try (PrivacyClient client = PrivacyClient.forSystem(systemId)
                .bootstrapServers(bootstrapServers)
                .acknowledgements(new InMemoryAcknowledgementStore())
                .onErase(erasure -> DirectiveResult.done(0))
                .onStopProcessing(stop -> DirectiveResult.done(0))
                .describedAs(new SystemDescription("Loyalty programme", "growth", Set.of("contact"),
                        Set.of("loyalty")))
                .announceTo(URI.create(dsrBaseUrl.toString()), () -> TestTokens.forSystem(systemId))
                .start()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> client.announcement() == AnnouncementState.ANNOUNCED);
        }

        given().auth().oauth2(TestTokens.forRole("privacy-operator"))
                .when().get("/api/v1/systems/" + systemId)
                .then().statusCode(200)
                .body("name", is("Loyalty programme"))
                .body("directiveKinds", containsInAnyOrder("ERASE", "STOP_PROCESSING"))
                .body("clientVersion", matchesPattern("[0-9]+\\.[0-9]+\\.[0-9]+.*"))
                .body("announcedAt", notNullValue())
                .body("topics.directives", is(true))
                .body("topics.acks", is(true));
        JsonNode published = json(topic.awaitKey(offsets, systemId));
        assertThat(texts(published.path("purposes")), contains("loyalty"));
    }

    @Test
    void announcingTheSameAgainRecordsTheAnnouncementButPublishesNothing() {
        String systemId = newSystemId();
        announce(systemId, announcement("Help desk", "1.2.0")).statusCode(201);
        topic.awaitKey(topic.beginning(), systemId);
        OffsetDateTime firstAnnounced = row(systemId).getOffsetDateTime("announced_at");
        Map<TopicPartition, Long> offsets = topic.end();

        // The service's own clock: this second call is later than the first by the time it took.
        announce(systemId, announcement("Help desk", "1.3.0")).statusCode(200)
                .body("clientVersion", is("1.3.0"))
                .body("name", is("Help desk"));

        Row row = row(systemId);
        assertThat(row.getString("client_version"), is("1.3.0"));
        assertThat(row.getOffsetDateTime("announced_at").toInstant().isAfter(firstAnnounced.toInstant()), is(true));
        String marker = registerMarker();
        assertThat(topic.keysPublishedUpTo(offsets, marker), contains(marker));
    }

    @Test
    void announcingSomethingNewUpdatesTheSystemAndPublishesIt() {
        String systemId = newSystemId();
        announce(systemId, announcement("Help desk", "1.2.0")).statusCode(201);
        topic.awaitKey(topic.beginning(), systemId);
        Map<TopicPartition, Long> offsets = topic.end();

        Map<String, Object> wider = announcement("Help desk and chat", "1.2.0");
        wider.put("dataCategories", List.of("support", "chat-transcripts"));
        announce(systemId, wider).statusCode(200)
                .body("name", is("Help desk and chat"))
                .body("dataCategories", contains("chat-transcripts", "support"));

        JsonNode body = json(topic.awaitKey(offsets, systemId));
        assertThat(body.path("name").asText(), is("Help desk and chat"));
        assertThat(texts(body.path("dataCategories")), contains("chat-transcripts", "support"));
    }

    @Test
    void aSystemAnnouncesOnlyItself() {
        String systemId = newSystemId();
        announce(systemId, announcement("Impostor", "1.2.0"), TestTokens.forSystem(newSystemId())).statusCode(403)
                .contentType(containsString("application/problem+json"));
        announce(systemId, announcement("Admin", "1.2.0"), TestTokens.forRole("privacy-admin")).statusCode(403);
        given().contentType(ContentType.JSON).body(announcement("Nobody", "1.2.0"))
                .when().put("/api/v1/systems/" + systemId + "/announcement")
                .then().statusCode(401);
        assertThat(rowCount(systemId), is(0L));
    }

    @Test
    void aRetiredSystemCannotBringItselfBack() {
        String systemId = newSystemId();
        announce(systemId, announcement("Help desk", "1.2.0")).statusCode(201);
        given().auth().oauth2(TestTokens.forRole("privacy-admin"))
                .when().delete("/api/v1/systems/" + systemId)
                .then().statusCode(204);
        topic.awaitKey(topic.beginning(), systemId);
        Map<TopicPartition, Long> offsets = topic.end();
        Instant announcedBefore = row(systemId).getOffsetDateTime("announced_at").toInstant();

        announce(systemId, announcement("Help desk", "1.3.0")).statusCode(409)
                .contentType(containsString("application/problem+json"))
                .body("status", is(409));

        Row row = row(systemId);
        assertThat(row.getString("status"), is("RETIRED"));
        assertThat(row.getString("client_version"), is("1.2.0"));
        assertThat(row.getOffsetDateTime("announced_at").toInstant(), is(announcedBefore));
        String marker = registerMarker();
        assertThat(topic.keysPublishedUpTo(offsets, marker), contains(marker));
    }

    @Test
    void badAnnouncementsAreRefusedNamingTheFieldAndWriteNothing() {
        String systemId = newSystemId();
        Map<TopicPartition, Long> offsets = topic.end();

        Map<String, Object> noCategories = announcement("Help desk", "1.2.0");
        noCategories.remove("dataCategories");
        announce(systemId, noCategories).statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("errors[0].field", is("dataCategories"));

        Map<String, Object> badVersion = announcement("Help desk", "1.2.0 <script>");
        announce(systemId, badVersion).statusCode(400)
                .body("errors[0].field", is("clientVersion"))
                .body(not(containsString("<script>")));

        Map<String, Object> badKind = announcement("Help desk", "1.2.0");
        badKind.put("directiveKinds", List.of("SHRED"));
        announce(systemId, badKind).statusCode(400)
                .body("errors[0].field", containsString("directiveKinds"));

        String badId = "Not-Valid";
        announce(badId, announcement("Help desk", "1.2.0"), TestTokens.forSystem(badId)).statusCode(400)
                .body("errors[0].field", is("systemId"));

        assertThat(rowCount(systemId), is(0L));
        assertThat(rowCount(badId), is(0L));
        String marker = registerMarker();
        assertThat(topic.keysPublishedUpTo(offsets, marker), contains(marker));
    }

    private static ValidatableResponse announce(String systemId, Map<String, Object> body) {
        return announce(systemId, body, TestTokens.forSystem(systemId));
    }

    private static ValidatableResponse announce(String systemId, Map<String, Object> body, String token) {
        return given().auth().oauth2(token)
                .contentType(ContentType.JSON)
                .body(body)
                .when().put("/api/v1/systems/" + systemId + "/announcement")
                .then();
    }

    private static Map<String, Object> announcement(String name, String clientVersion) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("ownerTeam", "support");
        body.put("dataCategories", List.of("support"));
        body.put("purposes", List.of("customer-support"));
        body.put("directiveKinds", List.of("ERASE", "EXPORT"));
        body.put("clientVersion", clientVersion);
        return body;
    }

    /** Everything published before it is on the topic once this one is: the relay keeps order. */
    private static String registerMarker() {
        String marker = newSystemId();
        given().auth().oauth2(TestTokens.forRole("privacy-admin"))
                .contentType(ContentType.JSON)
                .body(Map.of("systemId", marker, "name", "Marker", "ownerTeam", "platform",
                        "dataCategories", List.of("contact"), "directiveKinds", List.of("ERASE")))
                .when().post("/api/v1/systems")
                .then().statusCode(201);
        return marker;
    }

    private Row row(String systemId) {
        return database.preparedQuery(
                        "select name, status, client_version, announced_at from registered_system where system_id = $1")
                .execute(Tuple.of(systemId)).await().atMost(Duration.ofSeconds(10)).iterator().next();
    }

    private long rowCount(String systemId) {
        return database.preparedQuery("select count(*) from registered_system where system_id = $1")
                .execute(Tuple.of(systemId)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }

    private static String newSystemId() {
        return "announced-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
