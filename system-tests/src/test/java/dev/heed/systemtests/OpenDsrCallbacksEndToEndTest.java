package dev.heed.systemtests;

import static dev.heed.testkit.kafka.TopicReader.json;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heed.events.directive.AckOutcome;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.testkit.HeedInfra;
import dev.heed.testkit.InfraProcess;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.kafka.DownstreamSystem;
import dev.heed.testkit.kafka.TopicReader;
import dev.heed.testkit.opendsr.SignedBody;
import dev.heed.testkit.opendsr.TestController;
import dev.heed.testkit.pki.TestCertificateAuthority;
import dev.heed.testkit.stack.HeedService;
import dev.heed.testkit.stack.HeedStack;
import dev.heed.testkit.stack.ServiceProcess;
import dev.heed.testkit.subject.InstallationSecret;
import dev.heed.testkit.subject.SubjectKeySecret;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OpenDSR callbacks survive a crash: the packaged dsr-service, as its own process, accepts a
 * controller's erasure while the controller's endpoint fails; the service is killed with the
 * pending callback undelivered and started again; the controller then receives pending,
 * in_progress and completed, each signed by the certificate discovery names.
 */
class OpenDsrCallbacksEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HeedStack stack;
    private static Path workDir;
    private static String bootstrapServers;

    @BeforeAll
    static void startDsrService() {
        Path root = Path.of(System.getProperty("heed.project.root", "..")).toAbsolutePath().normalize();
        HeedInfra infra = HeedInfra.get();
        bootstrapServers = infra.kafkaBootstrapServers();
        // A packaged process's clock cannot be moved: a short window and frequent jobs instead.
        HeedService dsrService = HeedService.ALL.get(1).onPort(InfraProcess.freePort()).onDatabase("heed_dsr_opendsr")
                .withEnvironment(Map.of(
                        "HEED_DSR_OPENDSR_CANCELLATION_WINDOW", "PT15S",
                        "HEED_DSR_OPENDSR_RELEASE_EVERY", "1s",
                        "HEED_DSR_OPENDSR_CALLBACKS_EVERY", "1s",
                        "HEED_DSR_OPENDSR_CALLBACKS_FIRST_RETRY_AFTER", "PT1S",
                        "HEED_DSR_OPENDSR_CALLBACKS_MAX_RETRY_AFTER", "PT2S"));
        workDir = root.resolve("system-tests/target/opendsr");
        stack = HeedStack.start(root, infra, TestTokens.issuer(), SubjectKeySecret.perJvm(), workDir,
                List.of(dsrService), true, Duration.ofMinutes(3));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theControllerGetsEverySignedCallbackAcrossAKilledService() throws Exception {
        String token = InstallationSecret.OPENDSR_CONTROLLER_TOKEN.persistentIn(workDir.resolve("keys"));
        TestCertificateAuthority ca = TestCertificateAuthority.load(workDir.resolve("keys").resolve("opendsr-ca"));
        DownstreamSystem desk = DownstreamSystem.register(bootstrapServers, "opendsr-desk", Set.of("support"),
                Set.of(DirectiveKind.ERASE));
        try (TestController controller = TestController.start();
                TopicReader directives = new TopicReader(bootstrapServers, desk.directivesTopic())) {
            controller.answerWith(503);
            String dsr = stack.process("dsr-service").baseUrl();
            String id = UUID.randomUUID().toString();
            String email = "crash." + UUID.randomUUID() + "@example.com";
            Map<TopicPartition, Long> from = directives.end();
            given().baseUri(dsr).auth().oauth2(token).contentType("application/json").body("""
                    {"regulation":"gdpr","subject_request_id":"%s","subject_request_type":"erasure",
                     "submitted_time":"2026-11-24T10:00:00Z","api_version":"2.0",
                     "subject_identities":[{"identity_type":"email","identity_value":"%s","identity_format":"raw"}],
                     "status_callback_urls":["%s"]}""".formatted(id, email, controller.callbackUrl()))
                    .when().post("/opendsr/v2/requests").then().statusCode(201);
            await().atMost(WAIT).until(() -> controller.refused() > 0);

            // Killed with the pending callback undelivered; started again, its registry view then knows the desk.
            ServiceProcess killed = stack.process("dsr-service");
            killed.kill();
            ServiceProcess restarted = stack.restart(killed, Duration.ofMinutes(3));
            controller.answerWith(200);

            JsonNode directive = json(directives.awaitRecord(from, r -> true));
            assertThat(directive.path("identities").path("email").get(0).asText(), is(email));
            UUID directiveId = UUID.fromString(directive.path("directiveId").asText());
            desk.acknowledge(directiveId, AckOutcome.DONE, 1);
            // Systems the other system tests registered on this broker hold nothing of this subject.
            given().baseUri(restarted.baseUrl()).auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR))
                    .when().get("/api/v1/directives/" + directiveId).then().statusCode(200)
                    .extract().jsonPath().getList("tasks.systemId", String.class).stream()
                    .filter(systemId -> !systemId.equals(desk.id()))
                    .forEach(systemId -> DownstreamSystem.answering(bootstrapServers, systemId)
                            .acknowledge(directiveId, AckOutcome.NOT_APPLICABLE, 0));
            await().atMost(WAIT).until(() -> controller.received().size() >= 3);

            String certificateUrl = given().baseUri(restarted.baseUrl()).when().get("/opendsr/v2/discovery")
                    .jsonPath().getString("processor_certificate");
            String pem = given().baseUri(restarted.baseUrl()).when().get(URI.create(certificateUrl).getPath()).asString();
            X509Certificate leaf = SignedBody.trustedLeaf(SignedBody.certificates(pem), ca.certificate(),
                    HeedStack.OPENDSR_DOMAIN);
            List<String> statuses = new ArrayList<>();
            for (TestController.Callback callback : controller.received()) {
                assertThat(callback.header("X-OpenDSR-Processor-Domain"), is(HeedStack.OPENDSR_DOMAIN));
                assertTrue(SignedBody.verifies(leaf, callback.body(), callback.header("X-OpenDSR-Signature")));
                assertTrue(SignedBody.verifies(leaf, callback.body(), callback.header("X-OpenGDPR-Signature")));
                JsonNode body = JSON.readTree(callback.body());
                assertThat(body.path("subject_request_id").asText(), is(id));
                assertThat(body.path("controller_id").asText(), is("local"));
                statuses.add(body.path("request_status").asText());
            }
            assertThat(statuses, is(List.of("pending", "in_progress", "completed")));
            assertThat(controller.refused(), greaterThan(0));
        }
    }
}
