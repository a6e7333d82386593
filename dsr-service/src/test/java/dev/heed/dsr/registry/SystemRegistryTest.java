package dev.heed.dsr.registry;

import static dev.heed.testkit.kafka.TopicReader.json;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static dev.heed.testkit.kafka.TopicReader.header;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heed.directives.SystemRegistryView;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.Topics;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.kafka.TopicReader;
import dev.heed.testkit.quarkus.HeedTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry end to end on the real broker and database: the HTTP call, the row, the record on
 * the compacted topic (through the outbox relay), and the registry view that every replica keeps.
 */
@QuarkusTest
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "dsr"))
class SystemRegistryTest {

    private static final Duration PUBLISHED_WITHIN = Duration.ofSeconds(30);

    @Inject
    Pool database;

    @Inject
    SystemRegistryView view;

    @ConfigProperty(name = "heed.testkit.kafka.bootstrap-servers")
    String bootstrapServers;

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
    void registersASystemAndAnnouncesIt() {
        String systemId = newSystemId();
        given().auth().oauth2(TestTokens.forRole("privacy-admin"))
                .contentType(ContentType.JSON)
                .body(registration(systemId, "Customer relationship management"))
                .when().post("/api/v1/systems")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/systems/" + systemId))
                .body("systemId", is(systemId))
                .body("status", is("ACTIVE"))
                .body("transport", is("KAFKA"));

        Row row = database.preparedQuery(
                        "select name, owner_team, data_categories, status from registered_system where system_id = $1")
                .execute(Tuple.of(systemId)).await().atMost(Duration.ofSeconds(10)).iterator().next();
        assertThat(row.getString("name"), is("Customer relationship management"));
        assertThat(row.getString("owner_team"), is("sales-platform"));
        assertThat(List.of(row.getArrayOfStrings("data_categories")), contains("billing", "contact"));
        assertThat(row.getString("status"), is("ACTIVE"));

        ConsumerRecord<String, byte[]> record = topic.awaitKey(topic.beginning(), systemId);
        assertThat(header(record, CloudEventHeaders.TYPE), is("dev.heed.registry.system-registered.v1"));
        assertThat(header(record, CloudEventHeaders.SOURCE), is("/heed/dsr-service"));
        assertThat(header(record, CloudEventHeaders.SPECVERSION), is("1.0"));
        assertThat(header(record, CloudEventHeaders.CONTENT_TYPE), is("application/json"));
        assertThat(header(record, CloudEventHeaders.ID), not(emptyOrNullString()));
        JsonNode body = json(record);
        assertThat(body.path("systemId").asText(), is(systemId));
        assertThat(body.path("name").asText(), is("Customer relationship management"));
        assertThat(body.path("ownerTeam").asText(), is("sales-platform"));
        assertThat(body.path("status").asText(), is("ACTIVE"));
        assertThat(body.path("transport").asText(), is("KAFKA"));
        assertThat(texts(body.path("dataCategories")), contains("billing", "contact"));
        assertThat(texts(body.path("purposes")), contains("marketing-email"));
        assertThat(texts(body.path("directiveKinds")), containsInAnyOrder("ERASE", "EXPORT", "STOP_PROCESSING"));

        await().atMost(PUBLISHED_WITHIN).until(() -> view.system(systemId)
                .filter(system -> system.dataCategories().contains("contact")).isPresent());

        given().auth().oauth2(TestTokens.forRole("privacy-operator"))
                .when().get("/api/v1/systems")
                .then().statusCode(200)
                .body("systemId", hasItem(systemId));
    }

    @Test
    void updatesAndRetiresASystem() {
        String systemId = newSystemId();
        register(systemId, "Billing");
        topic.awaitKey(topic.beginning(), systemId);

        Map<TopicPartition, Long> beforeUpdate = topic.end();
        given().auth().oauth2(TestTokens.forRole("privacy-admin"))
                .contentType(ContentType.JSON)
                .body(registration(systemId, "Billing and invoicing"))
                .when().post("/api/v1/systems")
                .then().statusCode(200)
                .body("name", is("Billing and invoicing"));
        ConsumerRecord<String, byte[]> updated = topic.awaitKey(beforeUpdate, systemId);
        assertThat(json(updated).path("name").asText(), is("Billing and invoicing"));
        await().atMost(PUBLISHED_WITHIN).until(() -> view.system(systemId)
                .filter(system -> system.name().equals("Billing and invoicing")).isPresent());

        Map<TopicPartition, Long> beforeRetirement = topic.end();
        given().auth().oauth2(TestTokens.forRole("privacy-admin"))
                .when().delete("/api/v1/systems/" + systemId)
                .then().statusCode(204);
        ConsumerRecord<String, byte[]> retired = topic.awaitKey(beforeRetirement, systemId);
        assertThat(json(retired).path("status").asText(), is("RETIRED"));
        assertThat(header(retired, CloudEventHeaders.TYPE), is("dev.heed.registry.system-registered.v1"));

        given().auth().oauth2(TestTokens.forRole("privacy-admin"))
                .when().get("/api/v1/systems/" + systemId)
                .then().statusCode(200)
                .body("status", is("RETIRED"));
        // The view keeps active systems only: a retired one leaves it.
        await().atMost(PUBLISHED_WITHIN).until(() -> view.system(systemId).isEmpty());
    }

    @Test
    void registeringAnUnchangedSystemAgainAnnouncesNothing() {
        String systemId = newSystemId();
        register(systemId, "Analytics");
        topic.awaitKey(topic.beginning(), systemId);
        Map<TopicPartition, Long> offsets = topic.end();

        given().auth().oauth2(TestTokens.forRole("privacy-admin"))
                .contentType(ContentType.JSON)
                .body(registration(systemId, "Analytics"))
                .when().post("/api/v1/systems")
                .then().statusCode(200)
                .body("name", is("Analytics"));

        String marker = newSystemId();
        register(marker, "Marker");
        assertThat(topic.keysPublishedUpTo(offsets, marker), contains(marker));
    }

    @Test
    void concurrentRegistrationsOfOneSystemCreateItOnce() throws Exception {
        String systemId = newSystemId();
        Map<TopicPartition, Long> offsets = topic.end();
        int callers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Integer> statuses;
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                calls.add(pool.submit(() -> given().auth().oauth2(TestTokens.forRole("privacy-admin"))
                        .contentType(ContentType.JSON)
                        .body(registration(systemId, "Data lake"))
                        .when().post("/api/v1/systems")
                        .then().extract().statusCode()));
            }
            statuses = new ArrayList<>();
            for (Future<Integer> call : calls) {
                statuses.add(call.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(statuses, containsInAnyOrder(201, 200, 200, 200));
        assertThat(rowCount(systemId), is(1L));

        String marker = newSystemId();
        register(marker, "Marker");
        assertThat(topic.keysPublishedUpTo(offsets, marker), containsInAnyOrder(systemId, marker));
    }

    @Test
    void refusesCallersWithoutTheRightRole() {
        String systemId = newSystemId();
        given().contentType(ContentType.JSON).body(registration(systemId, "No token"))
                .when().post("/api/v1/systems")
                .then().statusCode(401);
        given().auth().oauth2(TestTokens.forRole("privacy-operator"))
                .contentType(ContentType.JSON).body(registration(systemId, "Wrong role"))
                .when().post("/api/v1/systems")
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.forRole("support-agent"))
                .when().get("/api/v1/systems")
                .then().statusCode(403);
        given().when().get("/api/v1/systems").then().statusCode(401);
        given().auth().oauth2(TestTokens.forRole("privacy-operator"))
                .when().delete("/api/v1/systems/" + systemId)
                .then().statusCode(403);

        assertThat(rowCount(systemId), is(0L));
    }

    @Test
    void refusesABadSystemIdNamingTheFieldAndWritesNothing() {
        // Everything published so far is on the topic once this marker is: the relay keeps order.
        String before = newSystemId();
        register(before, "Marker before");
        topic.awaitKey(topic.beginning(), before);
        Map<TopicPartition, Long> offsets = topic.end();

        String badId = "Not A Topic Name!";
        given().auth().oauth2(TestTokens.forRole("privacy-admin"))
                .contentType(ContentType.JSON)
                .body(registration(badId, "Bad id"))
                .when().post("/api/v1/systems")
                .then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("status", is(400))
                .body("errors[0].field", is("systemId"))
                .body(not(containsString(badId)));

        String after = newSystemId();
        register(after, "Marker after");
        assertThat(topic.keysPublishedUpTo(offsets, after), contains(after));
        assertThat(rowCount(badId), is(0L));
        // Nor is anything waiting to be published: the library's outbox never saw the request.
        long queued = database.preparedQuery("select count(*) from heed_platform.outbox where message_key = $1")
                .execute(Tuple.of(badId)).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
        assertThat(queued, is(0L));
    }

    @Test
    void refusesIncompleteRegistrationsNamingTheField() {
        String systemId = newSystemId();
        given().auth().oauth2(TestTokens.forRole("privacy-admin"))
                .contentType(ContentType.JSON)
                .body(Map.of("systemId", systemId, "name", "No categories", "ownerTeam", "sales-platform",
                        "directiveKinds", List.of("ERASE")))
                .when().post("/api/v1/systems")
                .then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("status", is(400))
                .body("errors[0].field", is("dataCategories"));
        assertThat(rowCount(systemId), is(0L));
    }

    @Test
    void answersNotFoundForAnUnknownSystem() {
        given().auth().oauth2(TestTokens.forRole("privacy-admin"))
                .when().delete("/api/v1/systems/" + newSystemId())
                .then().statusCode(404)
                .contentType(containsString("application/problem+json"));
    }

    private static String newSystemId() {
        return "sys-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, Object> registration(String systemId, String name) {
        return Map.of("systemId", systemId, "name", name, "ownerTeam", "sales-platform",
                "dataCategories", List.of("contact", "billing"), "purposes", List.of("marketing-email"),
                "directiveKinds", List.of("STOP_PROCESSING", "ERASE", "EXPORT"));
    }

    private static void register(String systemId, String name) {
        given().auth().oauth2(TestTokens.forRole("privacy-admin"))
                .contentType(ContentType.JSON)
                .body(registration(systemId, name))
                .when().post("/api/v1/systems")
                .then().statusCode(201);
    }

    private long rowCount(String systemId) {
        return database.preparedQuery("select count(*) from registered_system where system_id = $1")
                .execute(Tuple.of(systemId)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
