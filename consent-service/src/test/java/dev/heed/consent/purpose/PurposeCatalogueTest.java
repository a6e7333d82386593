package dev.heed.consent.purpose;

import static dev.heed.testkit.kafka.TopicReader.json;
import static io.restassured.RestAssured.given;
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
import java.util.HashMap;
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
 * The purpose catalogue end to end on the real broker and database: the HTTP call, the rows, and
 * the records on the compacted purposes topic (through the outbox relay).
 */
@QuarkusTest
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent"))
class PurposeCatalogueTest {

    private static final String ADMIN = TestTokens.PRIVACY_ADMIN;

    @Inject
    Pool database;

    @ConfigProperty(name = "heed.testkit.kafka.bootstrap-servers")
    String bootstrapServers;

    private TopicReader topic;

    @BeforeEach
    void readThePurposesTopic() {
        topic = new TopicReader(bootstrapServers, Topics.PURPOSES);
    }

    @AfterEach
    void close() {
        topic.close();
    }

    @Test
    void createsAPurposeAndPublishesIt() {
        String purposeId = newPurposeId();
        given().auth().oauth2(TestTokens.forRole(ADMIN))
                .contentType(ContentType.JSON)
                .body(purpose(purposeId, "Marketing e-mails"))
                .when().post("/api/v1/purposes")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/purposes/" + purposeId))
                .body("purposeId", is(purposeId))
                .body("version", is(1))
                .body("legalBasis", is("CONSENT"))
                .body("dataCategories", contains("contact", "preferences"))
                .body("requiresReconsent", is(false))
                .body("createdBy", is("test-privacy-admin"));

        Row row = database.preparedQuery("select version, name, description, legal_basis, data_categories,"
                        + " requires_reconsent, created_by from purpose_version where purpose_id = $1")
                .execute(Tuple.of(purposeId)).await().atMost(Duration.ofSeconds(10)).iterator().next();
        assertThat(row.getInteger("version"), is(1));
        assertThat(row.getString("name"), is("Marketing e-mails"));
        assertThat(row.getString("description"), is("News about our products, by e-mail."));
        assertThat(row.getString("legal_basis"), is("CONSENT"));
        assertThat(List.of(row.getArrayOfStrings("data_categories")), contains("contact", "preferences"));
        assertThat(row.getBoolean("requires_reconsent"), is(false));
        assertThat(row.getString("created_by"), is("test-privacy-admin"));

        ConsumerRecord<String, byte[]> record = topic.awaitKey(topic.beginning(), purposeId);
        assertThat(header(record, CloudEventHeaders.TYPE), is("dev.heed.purpose.published.v1"));
        assertThat(header(record, CloudEventHeaders.SOURCE), is("/heed/consent-service"));
        assertThat(header(record, CloudEventHeaders.SPECVERSION), is("1.0"));
        assertThat(header(record, CloudEventHeaders.ID), not(emptyOrNullString()));
        JsonNode body = json(record);
        assertThat(body.path("id").asText(), is(purposeId));
        assertThat(body.path("version").asInt(), is(1));
        assertThat(body.path("name").asText(), is("Marketing e-mails"));
        assertThat(body.path("description").asText(), is("News about our products, by e-mail."));
        assertThat(body.path("legalBasis").asText(), is("CONSENT"));
        assertThat(texts(body.path("dataCategories")), containsInAnyOrder("contact", "preferences"));
        assertThat(body.path("requiresReconsent").asBoolean(), is(false));
        assertThat(body.path("publishedBy").asText(), is("test-privacy-admin"));

        for (String reader : List.of(TestTokens.PRIVACY_OPERATOR, TestTokens.SUPPORT_AGENT, TestTokens.AUDITOR,
                TestTokens.SYSTEM, ADMIN)) {
            given().auth().oauth2(TestTokens.forRole(reader))
                    .when().get("/api/v1/purposes")
                    .then().statusCode(200)
                    .body("purposeId", hasItem(purposeId));
        }
        given().auth().oauth2(TestTokens.forSystem("crm"))
                .when().get("/api/v1/purposes/" + purposeId)
                .then().statusCode(200)
                .body("version", is(1));
    }

    @Test
    void aChangedPurposeIsANewVersionAndAMaterialOneRequiresReconsent() {
        String purposeId = newPurposeId();
        create(purposeId, "Analytics");
        topic.awaitKey(topic.beginning(), purposeId);

        Map<TopicPartition, Long> beforeChange = topic.end();
        Map<String, Object> changed = new HashMap<>(purpose(purposeId, "Product analytics"));
        changed.put("dataCategories", List.of("usage", "contact"));
        changed.put("material", true);
        given().auth().oauth2(TestTokens.forRole(ADMIN))
                .contentType(ContentType.JSON)
                .body(changed)
                .when().post("/api/v1/purposes")
                .then().statusCode(200)
                .body("version", is(2))
                .body("name", is("Product analytics"))
                .body("dataCategories", contains("contact", "usage"))
                .body("requiresReconsent", is(true));

        ConsumerRecord<String, byte[]> record = topic.awaitKey(beforeChange, purposeId);
        JsonNode body = json(record);
        assertThat(body.path("version").asInt(), is(2));
        assertThat(body.path("name").asText(), is("Product analytics"));
        assertThat(body.path("requiresReconsent").asBoolean(), is(true));
        assertThat(rowCount(purposeId), is(2L));

        // A non-material change (the basis only) is version 3 and needs no renewal.
        Map<String, Object> rebased = new HashMap<>(changed);
        rebased.put("legalBasis", "LEGITIMATE_INTERESTS");
        rebased.remove("material");
        given().auth().oauth2(TestTokens.forRole(ADMIN))
                .contentType(ContentType.JSON)
                .body(rebased)
                .when().post("/api/v1/purposes")
                .then().statusCode(200)
                .body("version", is(3))
                .body("requiresReconsent", is(false));

        given().auth().oauth2(TestTokens.forRole(TestTokens.SUPPORT_AGENT))
                .when().get("/api/v1/purposes/" + purposeId)
                .then().statusCode(200)
                .body("version", is(3))
                .body("legalBasis", is("LEGITIMATE_INTERESTS"));
        given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                .when().get("/api/v1/purposes/" + purposeId + "/versions")
                .then().statusCode(200)
                .body("version", contains(1, 2, 3))
                .body("name", contains("Analytics", "Product analytics", "Product analytics"))
                .body("requiresReconsent", contains(false, true, false));
        // The list shows each purpose once, at its latest version.
        List<Integer> listed = given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR))
                .when().get("/api/v1/purposes")
                .then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.purposeId == '" + purposeId + "' }.version");
        assertThat(listed, contains(3));
    }

    @Test
    void republishingAnUnchangedPurposePublishesNothing() {
        String purposeId = newPurposeId();
        create(purposeId, "Newsletter");
        topic.awaitKey(topic.beginning(), purposeId);
        Map<TopicPartition, Long> offsets = topic.end();

        // Same content in another order, with the material flag: still no change.
        Map<String, Object> same = new HashMap<>(purpose(purposeId, "Newsletter"));
        same.put("dataCategories", List.of("preferences", "contact"));
        same.put("material", true);
        given().auth().oauth2(TestTokens.forRole(ADMIN))
                .contentType(ContentType.JSON)
                .body(same)
                .when().post("/api/v1/purposes")
                .then().statusCode(200)
                .body("version", is(1))
                .body("requiresReconsent", is(false));

        String marker = newPurposeId();
        create(marker, "Marker");
        assertThat(topic.keysPublishedUpTo(offsets, marker), contains(marker));
        assertThat(rowCount(purposeId), is(1L));
    }

    @Test
    void concurrentCreationsOfOnePurposeCreateItOnce() throws Exception {
        String purposeId = newPurposeId();
        Map<TopicPartition, Long> offsets = topic.end();
        int callers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                calls.add(pool.submit(() -> given().auth().oauth2(TestTokens.forRole(ADMIN))
                        .contentType(ContentType.JSON)
                        .body(purpose(purposeId, "Loyalty programme"))
                        .when().post("/api/v1/purposes")
                        .then().extract().statusCode()));
            }
            for (Future<Integer> call : calls) {
                statuses.add(call.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(statuses, containsInAnyOrder(201, 200, 200, 200));
        assertThat(rowCount(purposeId), is(1L));

        String marker = newPurposeId();
        create(marker, "Marker");
        assertThat(topic.keysPublishedUpTo(offsets, marker), containsInAnyOrder(purposeId, marker));
    }

    @Test
    void refusesCallersWithoutTheRightRole() {
        String purposeId = newPurposeId();
        given().contentType(ContentType.JSON).body(purpose(purposeId, "No token"))
                .when().post("/api/v1/purposes")
                .then().statusCode(401);
        for (String role : List.of(TestTokens.PRIVACY_OPERATOR, TestTokens.SUPPORT_AGENT, TestTokens.AUDITOR,
                TestTokens.SYSTEM)) {
            given().auth().oauth2(TestTokens.forRole(role))
                    .contentType(ContentType.JSON).body(purpose(purposeId, "Wrong role"))
                    .when().post("/api/v1/purposes")
                    .then().statusCode(403);
        }
        given().when().get("/api/v1/purposes").then().statusCode(401);
        given().when().get("/api/v1/purposes/" + purposeId + "/versions").then().statusCode(401);
        given().auth().oauth2(TestTokens.forRole("customer"))
                .when().get("/api/v1/purposes")
                .then().statusCode(403);

        assertThat(rowCount(purposeId), is(0L));
    }

    @Test
    void refusesABadPurposeIdNamingTheFieldAndWritesNothing() {
        String badId = "Marketing E-mails!";
        given().auth().oauth2(TestTokens.forRole(ADMIN))
                .contentType(ContentType.JSON)
                .body(purpose(badId, "Bad id"))
                .when().post("/api/v1/purposes")
                .then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("status", is(400))
                .body("errors[0].field", is("purposeId"))
                .body(not(containsString(badId)));

        assertThat(rowCount(badId), is(0L));
        // Nor is anything waiting to be published: the outbox never saw the request.
        long queued = database.preparedQuery("select count(*) from heed_platform.outbox where message_key = $1")
                .execute(Tuple.of(badId)).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
        assertThat(queued, is(0L));
    }

    @Test
    void refusesIncompleteOrMalformedPurposesNamingTheField() {
        String purposeId = newPurposeId();
        assertRefused(purpose("history", "x"), "purposeId");
        assertRefused(without(purpose(purposeId, "x"), "name"), "name");
        assertRefused(with(purpose(purposeId, "x"), "name", "   "), "name");
        assertRefused(with(purpose(purposeId, "x"), "name", "n".repeat(201)), "name");
        assertRefused(without(purpose(purposeId, "x"), "description"), "description");
        assertRefused(without(purpose(purposeId, "x"), "legalBasis"), "legalBasis");
        assertRefused(with(purpose(purposeId, "x"), "legalBasis", "BECAUSE_WE_CAN"), "legalBasis");
        assertRefused(without(purpose(purposeId, "x"), "dataCategories"), "dataCategories");
        assertRefused(with(purpose(purposeId, "x"), "dataCategories", List.of()), "dataCategories");
        assertRefused(with(purpose(purposeId, "x"), "dataCategories", List.of("contact", "Not An Id")),
                "dataCategories[1]");

        assertThat(rowCount(purposeId), is(0L));
        long queued = database.preparedQuery("select count(*) from heed_platform.outbox where message_key = $1")
                .execute(Tuple.of(purposeId)).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
        assertThat(queued, is(0L));
    }

    @Test
    void answersNotFoundForAnUnknownPurpose() {
        String purposeId = newPurposeId();
        given().auth().oauth2(TestTokens.forRole(ADMIN))
                .when().get("/api/v1/purposes/" + purposeId)
                .then().statusCode(404)
                .contentType(containsString("application/problem+json"));
        given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                .when().get("/api/v1/purposes/" + purposeId + "/versions")
                .then().statusCode(404)
                .contentType(containsString("application/problem+json"));
    }

    private static void assertRefused(Map<String, Object> body, String field) {
        given().auth().oauth2(TestTokens.forRole(ADMIN))
                .contentType(ContentType.JSON)
                .body(body)
                .when().post("/api/v1/purposes")
                .then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("status", is(400))
                .body("errors[0].field", is(field));
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> changed = new HashMap<>(body);
        changed.put(field, value);
        return changed;
    }

    private static Map<String, Object> without(Map<String, Object> body, String field) {
        Map<String, Object> changed = new HashMap<>(body);
        changed.remove(field);
        return changed;
    }

    private static String newPurposeId() {
        return "purpose-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, Object> purpose(String purposeId, String name) {
        return Map.of("purposeId", purposeId, "name", name, "description", "News about our products, by e-mail.",
                "legalBasis", "CONSENT", "dataCategories", List.of("preferences", "contact"));
    }

    private static void create(String purposeId, String name) {
        given().auth().oauth2(TestTokens.forRole(ADMIN))
                .contentType(ContentType.JSON)
                .body(purpose(purposeId, name))
                .when().post("/api/v1/purposes")
                .then().statusCode(201);
    }

    private long rowCount(String purposeId) {
        return database.preparedQuery("select count(*) from purpose_version where purpose_id = $1")
                .execute(Tuple.of(purposeId)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
