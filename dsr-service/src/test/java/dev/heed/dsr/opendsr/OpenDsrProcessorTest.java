package dev.heed.dsr.opendsr;

import static dev.heed.testkit.kafka.TopicReader.json;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heed.platform.leadership.Leadership;
import dev.heed.directives.SystemRegistryView;
import dev.heed.dsr.opendsr.callback.CallbackDeliveryJob;
import dev.heed.dsr.opendsr.release.ReleaseJob;
import dev.heed.dsr.support.CapturedLogs;
import dev.heed.dsr.support.MovableTime;
import dev.heed.testkit.quarkus.OnVertx;
import dev.heed.dsr.support.ProcessorCertificate;
import dev.heed.events.Topics;
import dev.heed.events.directive.AckOutcome;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.kafka.DownstreamSystem;
import dev.heed.testkit.kafka.TopicReader;
import dev.heed.testkit.opendsr.SignedBody;
import dev.heed.testkit.opendsr.TestController;
import dev.heed.testkit.pki.TestCertificateAuthority;
import dev.heed.testkit.quarkus.HeedTestResource;
import dev.heed.testkit.time.MutableClock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OpenDSR 2.0, processor side, against the running service: the specification's example requests
 * (discovery, create, status, cancel, errors), every required field, code and header, signatures
 * checked with the JDK against the test CA only, and signed callbacks for each status change.
 */
@QuarkusTest
@TestProfile(MovableTime.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "dsr"))
@QuarkusTestResource(ProcessorCertificate.class)
class OpenDsrProcessorTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ACME = "acme-test-token";
    private static final String GLOBEX = "globex-test-token";
    private static final String DOMAIN = ProcessorCertificate.DOMAIN;
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Spec section 7.2's example request. Three changes: a fresh id and this test's callback URL, the
     * 2.0 "regulation" field, and no trailing comma in "extensions" (the spec's example is not valid JSON).
     */
    private static final String SPEC_REQUEST = """
            {
              "regulation": "gdpr",
              "subject_request_id": "%s",
              "subject_request_type": "erasure",
              "submitted_time": "2018-10-02T15:00:00Z",
              "subject_identities": [
                {
                  "identity_type": "email",
                  "identity_value": "%s",
                  "identity_format": "raw"
                }%s
              ],
              "api_version": "1.0",
              "status_callback_urls": [
                "%s"
              ],
              "extensions": {
                "example-processor.com": {
                  "foo-processor-custom-id":123456,
                  "property_id": "123456"
                },
                "example-other-processor.com": {
                  "foo-other-processor-custom-id":654321
                }
              }
            }""";

    @Inject
    Pool database;
    @Inject
    SystemRegistryView registry;
    @Inject
    Leadership leadership;
    @Inject
    MutableClock clock;
    @Inject
    ReleaseJob releases;
    @Inject
    CallbackDeliveryJob callbacks;

    @ConfigProperty(name = "heed.testkit.kafka.bootstrap-servers")
    String bootstrapServers;
    @ConfigProperty(name = "heed.dsr.opendsr.cancellation-window")
    Duration window;

    @BeforeEach
    void leaderAndRegistryReady() {
        await().atMost(WAIT).until(() -> leadership.isLeader() && registry.isReady());
    }

    @Test
    void discoveryNamesTheCertificateThatChainsToTheCaAndVerifiesEveryAnswer() throws Exception {
        Response discovery = given().accept("application/json").when().get("/opendsr/v2/discovery");
        discovery.then().statusCode(200).contentType(containsString("application/json"))
                .body("api_version", is("2.0"))
                .body("supported_subject_request_types", is(List.of("erasure", "access", "portability")))
                .body("supported_identities", hasItem(Map.of("identity_type", "email", "identity_format", "raw")))
                .body("supported_identities", hasItem(Map.of("identity_type", "email", "identity_format", "sha256")))
                .body("processor_certificate", containsString("/opendsr/v2/certificate.pem"));
        X509Certificate leaf = certificate(discovery.jsonPath().getString("processor_certificate"));
        verifySigned(discovery, leaf);

        // The pre-2.0 route answers the same.
        given().when().get("/opendsr/v1/discovery").then().statusCode(200).body("api_version", is("2.0"));
        // A certificate another CA issued for the same domain does not chain to the test CA.
        TestCertificateAuthority stranger = TestCertificateAuthority.create(
                java.nio.file.Files.createTempDirectory("stranger-ca"));
        assertThrows(GeneralSecurityException.class, () -> SignedBody.trustedLeaf(
                List.of(stranger.issue(DOMAIN).certificate()), TestCertificateAuthority.perJvm().certificate(), DOMAIN));
        assertThrows(GeneralSecurityException.class, () -> SignedBody.trustedLeaf(
                List.of(leaf), TestCertificateAuthority.perJvm().certificate(), "other.heed.test"));
    }

    @Test
    void anErasureIsPendingThroughTheWindowThenFansOutAndCompletesWithSignedCallbacks() throws Exception {
        DownstreamSystem desk = DownstreamSystem.register(bootstrapServers, "desk", Set.of("support"),
                Set.of(DirectiveKind.ERASE));
        await().atMost(WAIT).until(() -> registry.system(desk.id()).isPresent());
        X509Certificate leaf = processorCertificate();
        try (TestController controller = TestController.start();
                TopicReader directives = new TopicReader(bootstrapServers, desk.directivesTopic())) {
            String id = UUID.randomUUID().toString();
            String email = "johndoe." + UUID.randomUUID() + "@example.com";
            String hashed = sha256Hex("other." + email);
            String body = String.format(SPEC_REQUEST, id, email, """
                    ,
                    {
                      "identity_type": "email",
                      "identity_value": "%s",
                      "identity_format": "sha256"
                    }""".formatted(hashed), controller.callbackUrl());

            Instant before = clock.instant();
            Response created = create(ACME, "/opendsr/v2/requests", body);
            created.then().statusCode(201).contentType(containsString("application/json"))
                    .body("controller_id", is("acme"))
                    .body("subject_request_id", is(id))
                    .body("received_time", notNullValue())
                    .body("expected_completion_time", notNullValue())
                    .body(not(containsString(email)));
            verifySigned(created, leaf);
            assertThat(new String(Base64.getDecoder().decode(created.jsonPath().getString("encoded_request")),
                    StandardCharsets.UTF_8), is(body));
            Instant received = Instant.parse(created.jsonPath().getString("received_time"));
            Instant expected = Instant.parse(created.jsonPath().getString("expected_completion_time"));
            assertTrue(!received.isBefore(before.minusSeconds(1)), "received_time is the service clock's");
            // The legal deadline: a month under the GDPR.
            assertThat(Duration.between(received, expected).toDays(), greaterThan(27L));

            status(ACME, "/opendsr/v2/requests/" + id, leaf).then().body("request_status", is("pending"));
            Map<TopicPartition, Long> from = directives.end();
            OnVertx.call(releases::run);
            assertThat(status(ACME, "/opendsr/v2/requests/" + id, leaf).jsonPath().getString("request_status"),
                    is("pending"));

            clock.advance(window.plusSeconds(1));
            OnVertx.call(releases::run);
            status(ACME, "/opendsr/v2/requests/" + id, leaf).then().body("request_status", is("in_progress"))
                    .body("expected_completion_time", is(OpenDsrBodies.time(expected)));
            JsonNode directive = json(directives.awaitRecord(from, r -> true));
            assertThat(directive.path("kind").asText(), is("ERASE"));
            assertThat(directive.path("identities").path("email").get(0).asText(), is(email));
            // A hashed identity travels hashed, with its format, for the systems that can match it.
            assertThat(directive.path("identities").path("email:sha256").get(0).asText(), is(hashed));

            UUID directiveId = UUID.fromString(directive.path("directiveId").asText());
            desk.acknowledge(directiveId, AckOutcome.DONE, 1);
            // Systems other tests registered hold nothing of this subject.
            String heedRequest = database.preparedQuery("select request_id from opendsr_request where subject_request_id = $1")
                    .execute(Tuple.of(UUID.fromString(id))).await().atMost(Duration.ofSeconds(10))
                    .iterator().next().getUUID(0).toString();
            given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR)).when()
                    .get("/api/v1/requests/" + heedRequest).then().statusCode(200)
                    .body("verificationMethod", is("WAIVED")).body("verifiedBy", is("opendsr:acme"))
                    .extract().jsonPath().getList("directive.tasks.systemId", String.class).stream()
                    .filter(systemId -> !systemId.equals(desk.id()))
                    .forEach(systemId -> DownstreamSystem.answering(bootstrapServers, systemId)
                            .acknowledge(directiveId, AckOutcome.NOT_APPLICABLE, 0));
            await().atMost(WAIT).until(() -> "completed".equals(
                    status(ACME, "/opendsr/v2/requests/" + id, leaf).jsonPath().getString("request_status")));

            // A request that went to the systems can no longer be cancelled.
            given().auth().oauth2(ACME).when().delete("/opendsr/v2/requests/" + id).then().statusCode(400)
                    .body("error.code", is(400)).body("error.errors[0].reason", is("NotCancellable"));

            await().atMost(WAIT).until(() -> {
                OnVertx.call(callbacks::run);
                return controller.received().size() >= 3;
            });
            List<String> statuses = new ArrayList<>();
            for (TestController.Callback callback : controller.received()) {
                assertThat(callback.header("X-OpenDSR-Processor-Domain"), is(DOMAIN));
                assertThat(callback.header("X-OpenGDPR-Processor-Domain"), is(DOMAIN));
                assertThat(callback.header("X-OpenGDPR-Signature"), is(callback.header("X-OpenDSR-Signature")));
                assertTrue(SignedBody.verifies(leaf, callback.body(), callback.header("X-OpenDSR-Signature")));
                JsonNode sent = JSON.readTree(callback.body());
                assertThat(sent.path("controller_id").asText(), is("acme"));
                assertThat(sent.path("subject_request_id").asText(), is(id));
                assertThat(sent.path("status_callback_url").asText(), is(controller.callbackUrl()));
                assertThat(sent.path("expected_completion_time").asText(), is(OpenDsrBodies.time(expected)));
                statuses.add(sent.path("request_status").asText());
            }
            assertThat(statuses, is(List.of("pending", "in_progress", "completed")));
        }
    }

    @Test
    void aPendingRequestIsCancelledUnderTheOpenGdprNamesAndReachesNoSystem() throws Exception {
        X509Certificate leaf = processorCertificate();
        try (TestController controller = TestController.start()) {
            String id = UUID.randomUUID().toString();
            // An OpenGDPR 1.0 request (no regulation field: it was GDPR-only) on the pre-2.0 route.
            String body = String.format(SPEC_REQUEST, id, "jane." + UUID.randomUUID() + "@example.com", "",
                    controller.callbackUrl()).replace("\"regulation\": \"gdpr\",", "");
            create(ACME, "/opendsr/v1/opengdpr_requests", body).then().statusCode(201);

            Response cancelled = given().auth().oauth2(ACME).accept("application/json")
                    .when().delete("/opendsr/v1/opengdpr_requests/" + id);
            cancelled.then().statusCode(202)
                    .body("controller_id", is("acme"))
                    .body("subject_request_id", is(id))
                    .body("received_time", notNullValue())
                    .body("api_version", is("2.0"));
            verifySigned(cancelled, leaf);
            status(ACME, "/opendsr/v2/opengdpr_requests/" + id, leaf).then().body("request_status", is("cancelled"));

            clock.advance(window.plusSeconds(1));
            OnVertx.call(releases::run);
            assertThat(count("select count(*) from heed_directives.directive d join opendsr_request o"
                    + " on d.reference = o.request_id::text where o.subject_request_id = '" + id + "'"), is(0L));
            given().auth().oauth2(ACME).when().delete("/opendsr/v2/requests/" + id).then().statusCode(400)
                    .body("error.errors[0].reason", is("NotCancellable"));

            await().atMost(WAIT).until(() -> {
                OnVertx.call(callbacks::run);
                return controller.received().size() >= 2;
            });
            assertThat(controller.received().stream().map(c -> readStatus(c.body())).toList(),
                    is(List.of("pending", "cancelled")));
        }
    }

    @Test
    void badRequestsGetTheErrorObjectAndWriteNothing() throws Exception {
        X509Certificate leaf = processorCertificate();
        String email = "leak." + UUID.randomUUID() + "@example.com";
        String url = "http://127.0.0.1:9/opendsr_callbacks";
        String valid = String.format(SPEC_REQUEST, UUID.randomUUID(), email, "", url);
        String takenId = UUID.randomUUID().toString();
        create(ACME, "/opendsr/v2/requests", String.format(SPEC_REQUEST, takenId, email, "", url))
                .then().statusCode(201);

        long requests = count("select count(*) from subject_request");
        long opendsr = count("select count(*) from opendsr_request");
        long pendingCallbacks = count("select count(*) from opendsr_callback");
        List<String> logged;
        try (TopicReader events = new TopicReader(bootstrapServers, Topics.DSR_EVENTS);
                CapturedLogs capture = CapturedLogs.start()) {
            Map<TopicPartition, Long> end = events.end();
            Map<String, String> refused = Map.ofEntries(
                    Map.entry("{\"subject_request_id\": ", "MalformedJson"),
                    Map.entry(valid.replace("\"erasure\"", "\"rectification\""), "InvalidField"),
                    Map.entry(valid.replace("\"identity_type\": \"email\"", "\"identity_type\": \"passport\""),
                            "InvalidField"),
                    Map.entry(valid.replace("\"identity_format\": \"raw\"", "\"identity_format\": \"sha512\""),
                            "InvalidField"),
                    Map.entry(valid.replace("\"gdpr\"", "\"lgpd\""), "InvalidField"),
                    Map.entry(valid.replaceFirst("\"subject_request_id\": \"[^\"]+\"", "\"subject_request_id\": \"42\""),
                            "InvalidField"),
                    // A version 1 (time-based) UUID is not the v4 the spec demands.
                    Map.entry(valid.replaceFirst("\"subject_request_id\": \"[^\"]+\"",
                            "\"subject_request_id\": \"c232ab00-9414-11ec-b3c8-9f6bdeced846\""), "InvalidField"),
                    Map.entry(valid.replace("\"submitted_time\": \"2018-10-02T15:00:00Z\",", ""), "MissingField"),
                    Map.entry(valid.replace("\"regulation\": \"gdpr\",", "").replace("\"1.0\"", "\"2.0\""),
                            "MissingField"),
                    Map.entry(valid.replace(email, "not-an-address-" + email.replace("@", "")), "InvalidField"),
                    Map.entry(valid.replace(url, "http://controller.elsewhere.example/cb"), "InvalidField"),
                    Map.entry(String.format(SPEC_REQUEST, takenId, email, "", url), "DuplicateRequest"));
            for (Map.Entry<String, String> bad : refused.entrySet()) {
                Response answer = create(ACME, "/opendsr/v2/requests", bad.getKey());
                answer.then().statusCode(400)
                        .body("error.code", is(400))
                        .body("error.message", notNullValue())
                        .body("error.errors[0].domain", is("Validation"))
                        .body("error.errors[0].reason", is(bad.getValue()))
                        .body(not(containsString(email)))
                        .body(not(containsString(email.substring(0, email.indexOf('@')))));
                verifySigned(answer, leaf);
            }
            // Another controller's request is unknown to it; no token or a wrong one is refused.
            given().auth().oauth2(GLOBEX).when().get("/opendsr/v2/requests/" + takenId).then().statusCode(404);
            given().auth().oauth2(GLOBEX).when().delete("/opendsr/v2/requests/" + takenId).then().statusCode(404);
            given().auth().oauth2(ACME).when().get("/opendsr/v2/requests/" + UUID.randomUUID()).then().statusCode(404);
            given().auth().oauth2(ACME).when().get("/opendsr/v2/requests/not-a-uuid").then().statusCode(400)
                    .body("error.errors[0].reason", is("InvalidField"));
            given().when().get("/opendsr/v2/requests/" + takenId).then().statusCode(401);
            given().auth().oauth2("not-a-controller").when().get("/opendsr/v2/requests/" + takenId)
                    .then().statusCode(401);
            given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_ADMIN)).body(valid)
                    .when().post("/opendsr/v2/requests").then().statusCode(401);
            logged = capture.containing(email.substring(0, email.indexOf('@')));
            assertThat(count("select count(*) from subject_request"), is(requests));
            assertThat(count("select count(*) from opendsr_request"), is(opendsr));
            assertThat(count("select count(*) from opendsr_callback"), is(pendingCallbacks));
            assertThat(events.end(), is(end));
        }
        assertThat(logged, is(List.of()));
    }

    @Test
    void aFailingControllerIsRetriedWithBackoffAndShownToOperators() throws Exception {
        try (TestController controller = TestController.start()) {
            controller.answerWith(503);
            String id = UUID.randomUUID().toString();
            create(ACME, "/opendsr/v2/requests", String.format(SPEC_REQUEST, id,
                    "slow." + UUID.randomUUID() + "@example.com", "", controller.callbackUrl())).then().statusCode(201);

            for (int attempt = 1; attempt <= 3; attempt++) {
                int refusedBefore = controller.refused();
                OnVertx.call(callbacks::run);
                assertThat(controller.refused(), is(refusedBefore + 1));
                // Not again before its backoff ends.
                OnVertx.call(callbacks::run);
                assertThat(controller.refused(), is(refusedBefore + 1));
                clock.advance(Duration.ofHours(1));
            }
            given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR)).queryParam("failing", true)
                    .when().get("/api/v1/opendsr/callbacks").then().statusCode(200)
                    .body("find { it.subjectRequestId == '" + id + "' }.attempts", is(3))
                    .body("find { it.subjectRequestId == '" + id + "' }.lastError", is("HTTP 503"))
                    .body("find { it.subjectRequestId == '" + id + "' }.controllerId", is("acme"));
            given().when().get("/q/metrics").then().statusCode(200)
                    .body(containsString("heed_opendsr_callbacks_failing{controller=\"acme\"}"))
                    .body(not(containsString("controller=\"127.0.0.1")));
            given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR)).when().get("/api/v1/opendsr/callbacks")
                    .then().statusCode(403);

            controller.answerWith(200);
            OnVertx.call(callbacks::run);
            assertThat(controller.received().size(), is(1));
            assertThat(readStatus(controller.received().get(0).body()), is("pending"));
        }
    }

    private static Response create(String token, String path, String body) {
        return given().auth().oauth2(token).contentType("application/json").accept("application/json")
                .body(body.getBytes(StandardCharsets.UTF_8)).when().post(path);
    }

    private static Response status(String token, String path, X509Certificate leaf) throws GeneralSecurityException {
        Response status = given().auth().oauth2(token).accept("application/json").when().get(path);
        status.then().statusCode(200).body("controller_id", is("acme")).body("api_version", is("2.0"))
                .body("expected_completion_time", notNullValue()).body("request_status", notNullValue())
                .body("subject_request_id", is(path.substring(path.lastIndexOf('/') + 1)));
        verifySigned(status, leaf);
        return status;
    }

    /** Both header pairs, and the signature over the exact bytes received; one changed byte fails it. */
    private static void verifySigned(Response response, X509Certificate leaf) throws GeneralSecurityException {
        assertThat(response.header("X-OpenDSR-Processor-Domain"), is(DOMAIN));
        assertThat(response.header("X-OpenGDPR-Processor-Domain"), is(DOMAIN));
        String signature = response.header("X-OpenDSR-Signature");
        assertThat(response.header("X-OpenGDPR-Signature"), is(signature));
        byte[] body = response.asByteArray();
        assertTrue(SignedBody.verifies(leaf, body, signature), "the signature verifies over the body");
        byte[] changed = body.clone();
        changed[changed.length / 2] ^= 1;
        assertFalse(SignedBody.verifies(leaf, changed, signature), "a changed byte fails the signature");
    }

    private static X509Certificate processorCertificate() throws GeneralSecurityException {
        return certificate(given().when().get("/opendsr/v2/discovery").jsonPath().getString("processor_certificate"));
    }

    /** The certificate served at the URL, checked against the test CA only. */
    private static X509Certificate certificate(String url) throws GeneralSecurityException {
        String pem = given().when().get(URI.create(url).getPath()).then().statusCode(200)
                .contentType(containsString("pem")).extract().asString();
        return SignedBody.trustedLeaf(SignedBody.certificates(pem), TestCertificateAuthority.perJvm().certificate(),
                DOMAIN);
    }

    private long count(String sql) {
        return database.query(sql).execute().await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    private static String readStatus(byte[] body) {
        try {
            return JSON.readTree(body).path("request_status").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256Hex(String value) throws GeneralSecurityException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }
}
