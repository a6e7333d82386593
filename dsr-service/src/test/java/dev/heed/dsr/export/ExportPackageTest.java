package dev.heed.dsr.export;

import static dev.heed.dsr.support.Requests.request;
import static dev.heed.dsr.support.Requests.submit;
import static dev.heed.testkit.kafka.TopicReader.header;
import static dev.heed.testkit.kafka.TopicReader.json;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heed.client.Export;
import dev.heed.client.HttpExportUploader;
import dev.heed.platform.leadership.Leadership;
import dev.heed.directives.SystemRegistryView;
import dev.heed.dsr.support.MovableTime;
import dev.heed.testkit.quarkus.OnVertx;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.EventJson;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.directive.AckOutcome;
import dev.heed.events.directive.DirectiveIssued;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.kafka.DownstreamSystem;
import dev.heed.testkit.kafka.TopicReader;
import dev.heed.testkit.quarkus.HeedTestResource;
import dev.heed.testkit.time.MutableClock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
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
 * Access requests over the real broker and database: systems upload their parts over HTTP with
 * their own tokens and acknowledge with the hashes on Kafka; the request's package is assembled,
 * encrypted, downloaded by an operator (an audited event) and once through the customer's link,
 * and deleted when it expires.
 */
@QuarkusTest
@TestProfile(MovableTime.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "dsr"))
class ExportPackageTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String OPERATOR = TestTokens.PRIVACY_OPERATOR;
    private static final String CSV = "text/csv; charset=utf-8";

    @Inject
    MutableClock clock;
    @Inject
    SystemRegistryView registry;
    @Inject
    Leadership leadership;
    @Inject
    PackageExpiryJob expiry;
    @Inject
    Pool database;

    @ConfigProperty(name = "heed.testkit.kafka.bootstrap-servers")
    String bootstrapServers;

    @BeforeEach
    void leaderAndRegistryReady() {
        await().atMost(WAIT).until(() -> leadership.isLeader() && registry.isReady());
    }

    @Test
    void anAccessRequestBecomesOnePackageForTheOperatorAndOnceForTheCustomer() throws Exception {
        List<DownstreamSystem> systems = register("crm", "billing");
        DownstreamSystem crm = systems.get(0);
        DownstreamSystem billing = systems.get(1);
        String marker = "Ada-" + UUID.randomUUID();
        String email = "ada." + UUID.randomUUID() + "@example.com";

        JsonPath filed = submit(access("customer-" + UUID.randomUUID(), email)).statusCode(201).extract().jsonPath();
        String requestId = filed.getString("id");
        UUID directiveId = UUID.fromString(filed.getString("directive.id"));
        assertThat(filed.getString("directive.kind"), is("EXPORT"));

        // The CRM uploads the way privacy-client does: PUT to the directive's uploadUrl, Content-Digest, its token.
        DirectiveIssued issued = directiveTo(crm, directiveId);
        String uploadUrl = String.valueOf(issued.parameters().get(Export.UPLOAD_URL));
        // heed.dsr.public-url defaults to this instance's own port.
        assertThat(uploadUrl, is("http://127.0.0.1:" + RestAssured.port + "/api/v1/exports/" + directiveId + "/parts"));
        byte[] crmPart = ("{\"contacts\":[{\"name\":\"" + marker + "\",\"email\":\"" + email + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        String crmHash = ExportParts.sha256Hex(crmPart);
        String reference = HttpExportUploader.create()
                .authorization(() -> "Bearer " + TestTokens.forSystem(crm.id()))
                .upload(new Export(issued), crmPart, "application/json", crmHash);

        // Billing uploads CSV twice: the second upload replaces the first while its task is open.
        upload(billing.id(), directiveId, CSV, "stale".getBytes(StandardCharsets.UTF_8)).statusCode(201);
        byte[] billingPart = ("invoice,amount\n" + marker + ",12.50\n").getBytes(StandardCharsets.UTF_8);
        upload(billing.id(), directiveId, CSV, billingPart).statusCode(200)
                .body("sha256", is(ExportParts.sha256Hex(billingPart)));

        try (TopicReader events = new TopicReader(bootstrapServers, Topics.DSR_EVENTS)) {
            Map<TopicPartition, Long> from = events.end();
            answer(filed, directiveId, Map.of(crm.id(), crmHash, billing.id(), ExportParts.sha256Hex(billingPart)),
                    reference);
            JsonPath done = awaitClosed(requestId);
            assertThat(done.getString("status"), is("COMPLETED"));

            // The operator's download: the manifest names both systems with the hashes they acknowledged.
            JsonNode document = operatorDownload(requestId).statusCode(200)
                    .header("Content-Disposition", startsWith("attachment"))
                    .extract().as(JsonNode.class);
            JsonNode crmEntry = entry(document, crm.id());
            JsonNode billingEntry = entry(document, billing.id());
            assertThat(document.at("/manifest/requestId").asText(), is(requestId));
            assertThat(document.at("/manifest/type").asText(), is("ACCESS"));
            assertThat(document.at("/manifest/regulation").asText(), is("GDPR"));
            assertThat(crmEntry.path("status").asText(), is("INCLUDED"));
            assertThat(crmEntry.path("sha256").asText(), is(crmHash));
            assertThat(crmEntry.path("name").asText(), is("System " + crm.id()));
            assertThat(crmEntry.path("records").asLong(), is(1L));
            assertThat(billingEntry.path("sha256").asText(), is(ExportParts.sha256Hex(billingPart)));
            assertThat(billingEntry.path("size").asLong(), is((long) billingPart.length));
            assertThat(billingEntry.path("contentType").asText(), is(CSV));
            // What they uploaded: JSON embedded as JSON, anything else base64.
            assertThat(document.at("/parts/" + crm.id() + "/data"), is(EventJson.mapper().readTree(crmPart)));
            assertThat(document.at("/parts/" + billing.id() + "/encoding").asText(), is("base64"));
            assertThat(Base64.getDecoder().decode(document.at("/parts/" + billing.id() + "/data").asText()),
                    is(billingPart));

            ConsumerRecord<String, byte[]> audited = events.awaitRecord(from, r ->
                    "dev.heed.dsr.operator-action.v1".equals(header(r, CloudEventHeaders.TYPE))
                            && requestId.equals(json(r).path("target").asText()));
            assertThat(json(audited).path("action").asText(), is("package.downloaded"));
            assertThat(json(audited).path("actor").asText(), is("test-privacy-operator"));
            assertThat(new String(audited.value(), StandardCharsets.UTF_8), not(containsString(marker)));
        }

        // At rest, neither the parts nor the package are readable.
        assertThat(count("select count(*) from export_part where directive_id = $1", directiveId), is(2L));
        assertThat(count("select count(*) from export_part where directive_id = $1"
                + " and position(convert_to($2, 'UTF8') in ciphertext) > 0", directiveId, marker), is(0L));
        assertThat(count("select count(*) from export_package where request_id = $1"
                + " and position(convert_to($2, 'UTF8') in ciphertext) > 0", UUID.fromString(requestId), marker),
                is(0L));

        // A closed task takes no new upload.
        upload(billing.id(), directiveId, CSV, billingPart).statusCode(409)
                .contentType(containsString("application/problem+json"));

        // The customer's one-time link: it works once.
        String link = noticeLink(requestId, email);
        String path = URI.create(link).getPath();
        JsonNode byLink = given().when().get(path).then().statusCode(200).extract().as(JsonNode.class);
        assertThat(byLink.at("/parts/" + crm.id() + "/data"), is(EventJson.mapper().readTree(crmPart)));
        given().when().get(path).then().statusCode(410).contentType(containsString("application/problem+json"));
        given().when().get("/public/v1/packages/" + "A".repeat(43)).then().statusCode(404);

        // After the package's time the job deletes it and the parts of the closed request.
        clock.advance(Duration.ofDays(31));
        operatorDownload(requestId).statusCode(410).contentType(containsString("application/problem+json"));
        assertThat(OnVertx.call(expiry::run).isPresent(), is(true));
        operatorDownload(requestId).statusCode(404).contentType(containsString("application/problem+json"));
        assertThat(count("select count(*) from export_package where request_id = $1", UUID.fromString(requestId)),
                is(0L));
        assertThat(count("select count(*) from export_part where directive_id = $1", directiveId), is(0L));
        assertThat(count("select count(*) from package_notice where request_id = $1", UUID.fromString(requestId)),
                is(0L));
    }

    @Test
    void aSystemWhoseAcknowledgedHashDiffersFromItsUploadIsNamedAsNotConfirmed() {
        List<DownstreamSystem> systems = register("desk", "lake");
        DownstreamSystem desk = systems.get(0);
        DownstreamSystem lake = systems.get(1);
        JsonPath filed = submit(access("customer-" + UUID.randomUUID(), null)).statusCode(201).extract().jsonPath();
        String requestId = filed.getString("id");
        UUID directiveId = UUID.fromString(filed.getString("directive.id"));
        byte[] deskPart = "{\"tickets\":[]}".getBytes(StandardCharsets.UTF_8);
        byte[] lakePart = "{\"events\":[1,2,3]}".getBytes(StandardCharsets.UTF_8);
        upload(desk.id(), directiveId, "application/json", deskPart).statusCode(201);
        upload(lake.id(), directiveId, "application/json", lakePart).statusCode(201);

        answer(filed, directiveId, Map.of(desk.id(), ExportParts.sha256Hex(deskPart),
                lake.id(), ExportParts.sha256Hex("something else".getBytes(StandardCharsets.UTF_8))), "ref");
        JsonPath closed = awaitClosed(requestId);
        assertThat(closed.getString("status"), is("PARTIALLY_COMPLETED"));
        assertThat(closed.getString("closeReason"), containsString(lake.id()));
        assertThat(closed.getString("closeReason"), not(containsString(desk.id())));
        // The directive itself says so: the task ended FAILED with the reason, not DONE.
        String lakeTask = "directive.tasks.find { it.systemId == '" + lake.id() + "' }";
        assertThat(closed.getString(lakeTask + ".state"), is("FAILED"));
        assertThat(closed.getString(lakeTask + ".reason"), containsString("hash"));
        assertThat(closed.getString("directive.state"), is("PARTIALLY_COMPLETED"));
        assertThat(closed.getList("directive.failedSystems", String.class), org.hamcrest.Matchers.contains(lake.id()));

        JsonNode document = operatorDownload(requestId).statusCode(200).extract().as(JsonNode.class);
        assertThat(entry(document, lake.id()).path("status").asText(), is("HASH_MISMATCH"));
        assertThat(entry(document, desk.id()).path("status").asText(), is("INCLUDED"));
        assertThat(document.at("/parts/" + lake.id()).isMissingNode(), is(true));
        // Without an e-mail address the link waits for an operator to hand it over.
        assertThat(noticeLink(requestId, null), startsWith("http"));
    }

    @Test
    void strangersBadDigestsAndOversizedPartsAreRefusedAndStoreNothing() {
        DownstreamSystem crm = register("intake").get(0);
        JsonPath filed = submit(access("customer-" + UUID.randomUUID(), null)).statusCode(201).extract().jsonPath();
        UUID directiveId = UUID.fromString(filed.getString("directive.id"));
        byte[] part = "{}".getBytes(StandardCharsets.UTF_8);

        // Another system's token: not a recipient of this directive.
        upload("stranger-" + UUID.randomUUID().toString().substring(0, 8), directiveId, "application/json", part)
                .statusCode(403).contentType(containsString("application/problem+json"));
        // Not a system at all, no token, an unknown directive, a directive id that is not one.
        given().auth().oauth2(TestTokens.forRole(OPERATOR)).contentType("application/json").body(part)
                .when().put(partsPath(directiveId)).then().statusCode(403);
        given().contentType("application/json").body(part).when().put(partsPath(directiveId)).then().statusCode(401);
        upload(crm.id(), UUID.randomUUID(), "application/json", part).statusCode(404)
                .contentType(containsString("application/problem+json"));
        given().auth().oauth2(TestTokens.forSystem(crm.id())).contentType("application/json").body(part)
                .when().put("/api/v1/exports/not-a-uuid/parts").then().statusCode(400);
        // A Content-Digest that is not the body's.
        given().auth().oauth2(TestTokens.forSystem(crm.id())).contentType("application/json")
                .header("Content-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(new byte[32]) + ":")
                .body(part).when().put(partsPath(directiveId)).then().statusCode(400)
                .contentType(containsString("application/problem+json"));
        // Over the part limit (1M in tests): 413 problem+json.
        upload(crm.id(), directiveId, "application/octet-stream", new byte[1024 * 1024 + 1]).statusCode(413)
                .contentType(containsString("application/problem+json"));
        assertThat(count("select count(*) from export_part where directive_id = $1", directiveId), is(0L));

        // Over the service's 64K but within the part limit: accepted here, and only here.
        byte[] large = new byte[200 * 1024];
        Arrays.fill(large, (byte) 'x');
        upload(crm.id(), directiveId, "application/octet-stream", large).statusCode(201)
                .body("size", is(large.length));
        given().auth().oauth2(TestTokens.forRole(OPERATOR)).contentType(ContentType.JSON)
                .body("{\"note\":\"" + "x".repeat(100 * 1024) + "\"}")
                .when().post("/api/v1/requests").then().statusCode(413)
                .contentType(containsString("application/problem+json"));
        // A request without a package yet.
        operatorDownload(filed.getString("id")).statusCode(404);
        given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR)).when()
                .get("/api/v1/requests/" + filed.getString("id") + "/package").then().statusCode(403);
    }

    private List<DownstreamSystem> register(String... names) {
        List<DownstreamSystem> systems = new ArrayList<>();
        for (String name : names) {
            systems.add(DownstreamSystem.register(bootstrapServers, name, Set.of("support"),
                    Set.of(DirectiveKind.EXPORT)));
        }
        await().atMost(WAIT).until(() -> systems.stream().allMatch(s -> registry.system(s.id()).isPresent()));
        return systems;
    }

    /** Ours answer done with their hashes; systems other tests registered answer that they hold nothing. */
    private void answer(JsonPath filed, UUID directiveId, Map<String, String> hashes, String reference) {
        for (String systemId : filed.getList("directive.tasks.systemId", String.class)) {
            DownstreamSystem system = DownstreamSystem.answering(bootstrapServers, systemId);
            String hash = hashes.get(systemId);
            if (hash != null) {
                system.acknowledgeExport(directiveId, 1, reference, hash);
            } else {
                system.acknowledge(directiveId, AckOutcome.NOT_APPLICABLE, 0);
            }
        }
    }

    private DirectiveIssued directiveTo(DownstreamSystem system, UUID directiveId) {
        try (TopicReader directives = new TopicReader(bootstrapServers, system.directivesTopic())) {
            ConsumerRecord<String, byte[]> record = directives.awaitRecord(directives.beginning(),
                    r -> directiveId.toString().equals(json(r).path("directiveId").asText()));
            return HeedEvent.read(record.headers(), record.value(), DirectiveIssued.class).data();
        }
    }

    private static ValidatableResponse upload(String systemId, UUID directiveId, String contentType, byte[] data) {
        return given().auth().oauth2(TestTokens.forSystem(systemId)).contentType(contentType).body(data)
                .when().put(partsPath(directiveId)).then();
    }

    private static String partsPath(UUID directiveId) {
        return "/api/v1/exports/" + directiveId + "/parts";
    }

    private static ValidatableResponse operatorDownload(String requestId) {
        return given().auth().oauth2(TestTokens.forRole(OPERATOR))
                .when().get("/api/v1/requests/" + requestId + "/package").then();
    }

    private static JsonNode entry(JsonNode document, String systemId) {
        for (JsonNode system : document.at("/manifest/systems")) {
            if (system.path("systemId").asText().equals(systemId)) {
                return system;
            }
        }
        throw new AssertionError(systemId + " is not in the manifest");
    }

    private JsonPath awaitClosed(String requestId) {
        await().atMost(WAIT).until(() -> request(requestId).getString("closedAt") != null);
        return request(requestId);
    }

    private static Map<String, Object> access(String customerId, String email) {
        Map<String, Object> body = new HashMap<>();
        body.put("type", "ACCESS");
        body.put("regulation", "GDPR");
        body.put("customerId", customerId);
        body.put("verificationNote", "ID card checked at the counter");
        if (email != null) {
            body.put("identities", Map.of("email", List.of(email)));
        }
        return body;
    }

    /** The link left for the mail sender, to the request's address (or none). */
    private String noticeLink(String requestId, String email) {
        var row = database.preparedQuery("select destination, link from package_notice where request_id = $1")
                .execute(Tuple.of(UUID.fromString(requestId))).await().atMost(Duration.ofSeconds(10)).iterator().next();
        if (email == null) {
            assertThat(row.getString("destination"), nullValue());
        } else {
            assertThat(row.getString("destination"), is(email));
        }
        return row.getString("link");
    }

    private long count(String sql, Object... parameters) {
        return database.preparedQuery(sql).execute(Tuple.from(List.of(parameters)))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }
}
