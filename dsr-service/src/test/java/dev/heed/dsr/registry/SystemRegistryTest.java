package dev.heed.dsr.registry;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heed.directives.registry.SystemRegistryView;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.EventJson;
import dev.heed.events.Topics;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.quarkus.HeedTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaConsumer<String, byte[]> consumer;

    @BeforeEach
    void readTheSystemsTopic() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        consumer.close();
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

        ConsumerRecord<String, byte[]> record = awaitRecord(fromBeginning(), r -> systemId.equals(r.key()));
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
        awaitRecord(fromBeginning(), r -> systemId.equals(r.key()));

        Map<TopicPartition, Long> beforeUpdate = endOffsets();
        given().auth().oauth2(TestTokens.forRole("privacy-admin"))
                .contentType(ContentType.JSON)
                .body(registration(systemId, "Billing and invoicing"))
                .when().post("/api/v1/systems")
                .then().statusCode(200)
                .body("name", is("Billing and invoicing"));
        ConsumerRecord<String, byte[]> updated = awaitRecord(beforeUpdate, r -> systemId.equals(r.key()));
        assertThat(json(updated).path("name").asText(), is("Billing and invoicing"));
        await().atMost(PUBLISHED_WITHIN).until(() -> view.system(systemId)
                .filter(system -> system.name().equals("Billing and invoicing")).isPresent());

        Map<TopicPartition, Long> beforeRetirement = endOffsets();
        given().auth().oauth2(TestTokens.forRole("privacy-admin"))
                .when().delete("/api/v1/systems/" + systemId)
                .then().statusCode(204);
        ConsumerRecord<String, byte[]> retired = awaitRecord(beforeRetirement, r -> systemId.equals(r.key()));
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
        awaitRecord(fromBeginning(), r -> systemId.equals(r.key()));
        Map<TopicPartition, Long> offsets = endOffsets();

        given().auth().oauth2(TestTokens.forRole("privacy-admin"))
                .contentType(ContentType.JSON)
                .body(registration(systemId, "Analytics"))
                .when().post("/api/v1/systems")
                .then().statusCode(200)
                .body("name", is("Analytics"));

        String marker = newSystemId();
        register(marker, "Marker");
        assertThat(keysPublishedUpTo(offsets, marker), contains(marker));
    }

    @Test
    void concurrentRegistrationsOfOneSystemCreateItOnce() throws Exception {
        String systemId = newSystemId();
        Map<TopicPartition, Long> offsets = endOffsets();
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
        assertThat(keysPublishedUpTo(offsets, marker), containsInAnyOrder(systemId, marker));
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
        awaitRecord(fromBeginning(), r -> before.equals(r.key()));
        Map<TopicPartition, Long> offsets = endOffsets();

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
        assertThat(keysPublishedUpTo(offsets, after), contains(after));
        assertThat(rowCount(badId), is(0L));
        // Nor is anything waiting to be published: the library's outbox never saw the request.
        long queued = database.preparedQuery("select count(*) from heed_directives.outbox where message_key = $1")
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

    /** The topic's partitions, once it exists (the relay's first record may create it). */
    private List<TopicPartition> partitions() {
        List<TopicPartition> partitions = new ArrayList<>();
        await().atMost(PUBLISHED_WITHIN).until(() -> {
            consumer.partitionsFor(Topics.SYSTEMS, Duration.ofSeconds(5))
                    .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            return !partitions.isEmpty();
        });
        return partitions;
    }

    private Map<TopicPartition, Long> fromBeginning() {
        return consumer.beginningOffsets(partitions(), Duration.ofSeconds(10));
    }

    private Map<TopicPartition, Long> endOffsets() {
        return consumer.endOffsets(partitions(), Duration.ofSeconds(10));
    }

    /** Reads from the given offsets until a record matches; every record read is offered to the predicate. */
    private ConsumerRecord<String, byte[]> awaitRecord(Map<TopicPartition, Long> from,
            Predicate<ConsumerRecord<String, byte[]>> match) {
        consumer.assign(from.keySet());
        from.forEach(consumer::seek);
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        await().atMost(PUBLISHED_WITHIN).until(() -> {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (found.isEmpty() && match.test(record)) {
                    found.add(record);
                }
            }
            return !found.isEmpty();
        });
        return found.get(0);
    }

    /**
     * The keys of every record published since {@code from}, once {@code marker}'s record is there.
     * The relay publishes in outbox order, so whatever was queued before the marker is in the log by
     * then, but on another partition it may be read after the marker: read every partition to its end.
     */
    private List<String> keysPublishedUpTo(Map<TopicPartition, Long> from, String marker) {
        awaitRecord(from, r -> marker.equals(r.key()));
        Map<TopicPartition, Long> end = endOffsets();
        consumer.assign(from.keySet());
        from.forEach(consumer::seek);
        List<String> keys = new ArrayList<>();
        await().atMost(PUBLISHED_WITHIN).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
            return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        });
        return keys;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }

    private static JsonNode json(ConsumerRecord<String, byte[]> record) {
        try {
            return EventJson.mapper().readTree(record.value());
        } catch (IOException e) {
            throw new AssertionError("the record value is not JSON", e);
        }
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
