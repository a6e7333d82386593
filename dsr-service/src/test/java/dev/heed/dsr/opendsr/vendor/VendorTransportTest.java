package dev.heed.dsr.opendsr.vendor;

import static dev.heed.dsr.support.Requests.awaitStatus;
import static dev.heed.dsr.support.Requests.request;
import static dev.heed.dsr.support.Requests.submit;
import static dev.heed.testkit.kafka.TopicReader.header;
import static dev.heed.testkit.kafka.TopicReader.json;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heed.platform.leadership.Leadership;
import dev.heed.directives.SystemRegistryView;
import dev.heed.directives.DeadlineJob;
import dev.heed.dsr.support.MovableTime;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.Topics;
import dev.heed.events.directive.AckOutcome;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.kafka.DownstreamSystem;
import dev.heed.testkit.kafka.TopicReader;
import dev.heed.testkit.quarkus.HeedTestResource;
import dev.heed.testkit.quarkus.OnVertx;
import dev.heed.testkit.time.MutableClock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A vendor reached by OpenDSR (an HTTP processor inside the test, signing with a certificate from
 * the test CA) beside a Kafka system: the erasure reaches both, the vendor's signed callback settles
 * its task, a forged one changes nothing; a vendor that is down is retried with backoff, goes
 * overdue, and the request ends partially completed naming it.
 */
@QuarkusTest
@TestProfile(MovableTime.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "dsr"))
class VendorTransportTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

    @Inject
    MutableClock clock;
    @Inject
    SystemRegistryView registry;
    @Inject
    Leadership leadership;
    @Inject
    DeadlineJob deadlines;
    @Inject
    VendorDispatchJob dispatch;
    @Inject
    Pool database;

    @ConfigProperty(name = "heed.testkit.kafka.bootstrap-servers")
    String bootstrapServers;

    @TestHTTPResource("/opendsr/callbacks/")
    URI callbacks;

    @BeforeEach
    void leaderAndRegistryReady() {
        await().atMost(WAIT).until(() -> leadership.isLeader() && registry.isReady());
    }

    @Test
    void aVendorErasesAndCallsBackAndTheRequestCompletesWithItsCount() throws Exception {
        DownstreamSystem desk = DownstreamSystem.register(bootstrapServers, "desk", Set.of("support"),
                Set.of(DirectiveKind.ERASE));
        try (TestVendor vendor = TestVendor.start(); TopicReader events = new TopicReader(bootstrapServers,
                Topics.DSR_EVENTS)) {
            String vendorId = registerVendor("mailer", vendor.baseUrl());
            await().atMost(WAIT).until(() -> registry.system(desk.id()).isPresent());
            Map<TopicPartition, Long> from = events.end();

            String email = "ada." + UUID.randomUUID() + "@example.com";
            JsonPath filed = submit(erasure(email)).statusCode(201).extract().jsonPath();
            String requestId = filed.getString("id");
            UUID directiveId = UUID.fromString(filed.getString("directive.id"));
            answerKafkaSystems(filed, directiveId, desk.id(), vendorId);

            assertThat(OnVertx.call(dispatch::run).orElseThrow(), greaterThan(0));
            JsonNode sent = vendor.received().get(0);
            String subjectRequestId = sent.path("subject_request_id").asText();
            assertThat(subjectRequestId, matchesPattern(V4));
            assertThat(sent.path("regulation").asText(), is("gdpr"));
            assertThat(sent.path("subject_request_type").asText(), is("erasure"));
            assertThat(sent.path("subject_identities").get(0).path("identity_type").asText(), is("email"));
            assertThat(sent.path("subject_identities").get(0).path("identity_format").asText(), is("raw"));
            assertThat(sent.path("subject_identities").get(0).path("identity_value").asText(), is(email));
            String callbackUrl = sent.path("status_callback_urls").get(0).asText();
            assertThat(callbackUrl, containsString("/opendsr/callbacks/" + vendorId));
            assertThat(vendorRequest(subjectRequestId).getString("state"), is("ACCEPTED"));
            // A second run sends nothing again: the request was accepted.
            OnVertx.call(dispatch::run);
            assertThat(vendor.received().size(), is(1));

            vendor.complete(subjectRequestId, 7);
            byte[] body = vendor.callbackBody(subjectRequestId, callbackUrl);
            String signature = vendor.signer().sign(body);
            URI target = callbacks.resolve(vendorId);

            // A changed byte, another domain, no signature: 403, and the task stays open.
            byte[] changed = body.clone();
            changed[changed.length - 2] ^= 1;
            assertThat(TestVendor.callBack(target, changed, TestVendor.DOMAIN, signature), is(403));
            assertThat(TestVendor.callBack(target, body, "vendor.example.com", signature), is(403));
            assertThat(TestVendor.callBack(target, body, TestVendor.DOMAIN, ""), is(403));
            assertThat(request(requestId).getString("directive.tasks.find { it.systemId == '" + vendorId + "' }.state"),
                    is("PENDING"));
            assertThat(vendorRequest(subjectRequestId).getString("vendor_status"), is("pending"));

            assertThat(TestVendor.callBack(target, body, TestVendor.DOMAIN, signature), is(204));
            JsonPath done = awaitStatus(requestId, "COMPLETED");
            assertThat(done.getString("directive.tasks.find { it.systemId == '" + vendorId + "' }.state"), is("DONE"));
            assertThat(done.getInt("directive.tasks.find { it.systemId == '" + vendorId + "' }.recordsAffected"),
                    is(7));
            // The same callback again changes nothing.
            assertThat(TestVendor.callBack(target, body, TestVendor.DOMAIN, signature), is(204));

            JsonNode answered = json(events.awaitRecord(from, r -> "dev.heed.dsr.vendor-answered.v1"
                    .equals(header(r, CloudEventHeaders.TYPE)) && json(r).path("channel").asText().equals("callback")
                    && json(r).path("requestId").asText().equals(requestId)));
            assertThat(answered.path("requestStatus").asText(), is("completed"));
            assertThat(answered.path("resultsCount").asLong(), is(7L));
            assertThat(answered.path("bodySha256").asText(), is(VendorCertificates.sha256(body)));
            assertThat(answered.path("signature").asText(), is(signature));
            assertThat(answered.path("certificateSha256").asText(), is(certificateSha256(vendor)));
            assertThat(answered.toString(), not(containsString(email)));
        } finally {
            retireVendors();
        }
    }

    @Test
    void withoutACallbackTheStatusIsAskedAndAnswersTheTask() {
        try (TestVendor vendor = TestVendor.start()) {
            String vendorId = registerVendor("ads", vendor.baseUrl());
            JsonPath filed = submit(erasure("lin." + UUID.randomUUID() + "@example.com")).statusCode(201)
                    .extract().jsonPath();
            String requestId = filed.getString("id");
            UUID directiveId = UUID.fromString(filed.getString("directive.id"));
            answerKafkaSystems(filed, directiveId, null, vendorId);
            OnVertx.call(dispatch::run);
            String subjectRequestId = SubjectRequestIds.of(directiveId, vendorId).toString();
            assertThat(vendorRequest(subjectRequestId).getString("state"), is("ACCEPTED"));

            vendor.complete(subjectRequestId, 0);
            // Not before status-after has passed: the vendor is not asked at every run.
            OnVertx.call(dispatch::run);
            assertThat(vendorRequest(subjectRequestId).getString("vendor_status"), is("pending"));
            clock.advance(Duration.ofHours(7));
            OnVertx.call(dispatch::run);
            JsonPath done = awaitStatus(requestId, "COMPLETED");
            assertThat(done.getString("directive.tasks.find { it.systemId == '" + vendorId + "' }.state"), is("DONE"));
            assertThat(vendorRequest(subjectRequestId).getString("state"), is("ANSWERED"));
        } finally {
            retireVendors();
        }
    }

    @Test
    void aVendorThatIsDownIsRetriedWithBackoffThenOverdueAndNamed() throws Exception {
        String downUrl;
        try (ServerSocket socket = new ServerSocket(0)) {
            downUrl = "http://localhost:" + socket.getLocalPort() + "/opendsr";
        }
        try {
            String vendorId = registerVendor("analytics", downUrl);
            JsonPath filed = submit(erasure("grace." + UUID.randomUUID() + "@example.com")).statusCode(201)
                    .extract().jsonPath();
            String requestId = filed.getString("id");
            UUID directiveId = UUID.fromString(filed.getString("directive.id"));
            answerKafkaSystems(filed, directiveId, null, vendorId);
            String subjectRequestId = SubjectRequestIds.of(directiveId, vendorId).toString();

            OnVertx.call(dispatch::run);
            JsonPath first = vendorRequest(subjectRequestId);
            assertThat(first.getString("state"), is("SENDING"));
            assertThat(first.getInt("attempts"), is(1));
            assertThat(first.getString("last_failure"), containsString("unreachable"));
            // Backoff: not again before the next attempt is due; then again.
            OnVertx.call(dispatch::run);
            assertThat(vendorRequest(subjectRequestId).getInt("attempts"), is(1));
            clock.advance(Duration.ofMinutes(2));
            OnVertx.call(dispatch::run);
            assertThat(vendorRequest(subjectRequestId).getInt("attempts"), is(2));

            clock.advance(Duration.ofDays(8));
            assertThat(OnVertx.call(deadlines::run).isPresent(), is(true));
            JsonPath partial = awaitStatus(requestId, "PARTIALLY_COMPLETED");
            assertThat(partial.getString("closeReason"), containsString(vendorId));
            assertThat(partial.getList("directive.unansweredSystems", String.class), contains(vendorId));
        } finally {
            retireVendors();
        }
    }

    @Test
    void withoutAnIdentityOpenDsrCanNameTheVendorsTaskFailsAtOnce() {
        try {
            String vendorId = registerVendor("crm", "http://localhost:9/opendsr");
            Map<String, Object> body = erasure("unused@example.com");
            body.remove("identities");
            JsonPath filed = submit(body).statusCode(201).extract().jsonPath();
            UUID directiveId = UUID.fromString(filed.getString("directive.id"));
            answerKafkaSystems(filed, directiveId, null, vendorId);

            OnVertx.call(dispatch::run);
            JsonPath partial = awaitStatus(filed.getString("id"), "PARTIALLY_COMPLETED");
            assertThat(partial.getString("directive.tasks.find { it.systemId == '" + vendorId + "' }.state"),
                    is("FAILED"));
            assertThat(vendorRequest(SubjectRequestIds.of(directiveId, vendorId).toString()).getString("state"),
                    is("UNSENDABLE"));
        } finally {
            retireVendors();
        }
    }

    @Test
    void aVendorIsRegisteredOnlyWithAUsableBaseUrlAndWhatOpenDsrCarries() {
        Map<String, Object> good = vendorBody("vendor-" + UUID.randomUUID().toString().substring(0, 8),
                "https://opendsr.vendor.example.com/opendsr");
        assertRefused(with(good, "openDsrBaseUrl", null), "openDsrBaseUrl");
        assertRefused(with(good, "openDsrBaseUrl", "ftp://vendor.example.com/opendsr"), "openDsrBaseUrl");
        assertRefused(with(good, "openDsrBaseUrl", "https://user:secret@vendor.example.com/x"), "openDsrBaseUrl");
        assertRefused(with(good, "directiveKinds", List.of("ERASE", "STOP_PROCESSING")), "directiveKinds");
        assertRefused(with(good, "directiveKinds", List.of("EXPORT")), "directiveKinds");
        assertRefused(with(good, "transport", "KAFKA"), "openDsrBaseUrl");
        assertThat(database.preparedQuery("select count(*) from registered_system where system_id = $1")
                .execute(Tuple.of(good.get("systemId"))).await().atMost(WAIT).iterator().next().getLong(0), is(0L));

        JsonPath registered = given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_ADMIN))
                .contentType(ContentType.JSON).body(with(good, "openDsrBaseUrl", "https://opendsr.vendor.example.com/opendsr/"))
                .when().post("/api/v1/systems").then().statusCode(201).extract().jsonPath();
        assertThat(registered.getString("transport"), is("OPENDSR"));
        assertThat(registered.getString("openDsrBaseUrl"), is("https://opendsr.vendor.example.com/opendsr"));
        retireVendors();
    }

    private String registerVendor(String name, String baseUrl) {
        String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_ADMIN)).contentType(ContentType.JSON)
                .body(vendorBody(id, baseUrl)).when().post("/api/v1/systems").then().statusCode(201);
        await().atMost(WAIT).until(() -> registry.system(id).isPresent());
        return id;
    }

    private static Map<String, Object> vendorBody(String id, String baseUrl) {
        Map<String, Object> body = new HashMap<>();
        body.put("systemId", id);
        body.put("name", "Vendor " + id);
        body.put("ownerTeam", "vendor-management");
        body.put("dataCategories", List.of("contact"));
        body.put("purposes", List.of("support"));
        body.put("directiveKinds", List.of("ERASE"));
        body.put("transport", "OPENDSR");
        body.put("openDsrBaseUrl", baseUrl);
        return body;
    }

    /** Vendors left active would receive the next test's erasures. */
    private void retireVendors() {
        List<String> active = database.query("select system_id from registered_system where transport = 'OPENDSR'"
                        + " and status = 'ACTIVE'").execute().await().atMost(WAIT).stream()
                .map(row -> row.getString(0)).toList();
        for (String id : active) {
            given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_ADMIN)).when().delete("/api/v1/systems/" + id)
                    .then().statusCode(204);
        }
        await().atMost(WAIT).until(() -> active.stream().noneMatch(id -> registry.system(id)
                .filter(system -> system.status() == dev.heed.events.registry.SystemStatus.ACTIVE).isPresent()));
    }

    /** Our Kafka system answers done; systems other tests registered answer that they hold nothing. */
    private void answerKafkaSystems(JsonPath filed, UUID directiveId, String ours, String vendorId) {
        for (String systemId : filed.getList("directive.tasks.systemId", String.class)) {
            if (systemId.equals(vendorId)) {
                continue;
            }
            DownstreamSystem.answering(bootstrapServers, systemId).acknowledge(directiveId,
                    systemId.equals(ours) ? AckOutcome.DONE : AckOutcome.NOT_APPLICABLE, systemId.equals(ours) ? 2 : 0);
        }
        await().atMost(WAIT).until(() -> request(filed.getString("id")).getList("directive.tasks.state", String.class)
                .stream().filter(state -> state.equals("PENDING")).count() == 1);
    }

    private JsonPath vendorRequest(String subjectRequestId) {
        Row row = database.preparedQuery("select state, attempts, last_failure, vendor_status"
                        + " from opendsr_vendor_request where subject_request_id = $1")
                .execute(Tuple.of(UUID.fromString(subjectRequestId))).await().atMost(WAIT).iterator().next();
        return new JsonPath(row.toJson().encode());
    }

    private static String certificateSha256(TestVendor vendor) throws Exception {
        return VendorCertificates.sha256(vendor.signer().chain().get(0).getEncoded());
    }

    private static void assertRefused(Map<String, Object> body, String field) {
        given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_ADMIN)).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/systems").then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("errors[0].field", is(field));
    }

    private static Map<String, Object> erasure(String email) {
        Map<String, Object> body = new HashMap<>();
        body.put("type", "ERASURE");
        body.put("regulation", "GDPR");
        body.put("customerId", "customer-" + UUID.randomUUID());
        body.put("identities", Map.of("email", List.of(email)));
        body.put("verificationNote", "ID card checked at the counter");
        return body;
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> changed = new HashMap<>(body);
        changed.put(field, value);
        return changed;
    }
}
