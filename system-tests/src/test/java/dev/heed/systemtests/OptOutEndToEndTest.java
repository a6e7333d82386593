package dev.heed.systemtests;

import static dev.heed.testkit.kafka.TopicReader.json;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heed.events.Topics;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.testkit.HeedInfra;
import dev.heed.testkit.InfraProcess;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.kafka.TopicReader;
import dev.heed.testkit.stack.HeedService;
import dev.heed.testkit.stack.HeedStack;
import dev.heed.testkit.subject.SubjectKeySecret;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A CCPA opt-out of sale or sharing from end to end, with packaged dsr-service and consent-service
 * as their own processes: the operator files it at dsr-service, which forwards it; consent-service
 * denies the purpose that shares data, its check answers so, and the system registered for that
 * purpose gets a STOP_PROCESSING directive.
 */
class OptOutEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static HeedStack stack;
    private static String consent;
    private static String dsr;
    private static String bootstrapServers;
    private static SubjectKeys subjectKeys;
    private static String systemId;
    private static String sharedPurpose;
    private static String keptPurpose;

    @BeforeAll
    static void startBothServices() throws Exception {
        Path root = Path.of(System.getProperty("heed.project.root", "..")).toAbsolutePath().normalize();
        HeedInfra infra = HeedInfra.get();
        bootstrapServers = infra.kafkaBootstrapServers();
        String secret = SubjectKeySecret.perJvm();
        subjectKeys = new SubjectKeys(SubjectKeySecret.VERSION, Base64.getDecoder().decode(secret));
        stack = HeedStack.start(root, infra, TestTokens.issuer(), secret, root.resolve("system-tests/target/opt-out"),
                List.of(HeedService.ALL.get(0).onPort(InfraProcess.freePort()).onDatabase("heed_consent_opt_out"),
                        HeedService.ALL.get(1).onPort(InfraProcess.freePort()).onDatabase("heed_dsr_opt_out")),
                true, Duration.ofMinutes(3));
        consent = stack.process("consent-service").baseUrl();
        dsr = stack.process("dsr-service").baseUrl();

        String suffix = UUID.randomUUID().toString().substring(0, 8);
        sharedPurpose = "ad-partners-" + suffix;
        keptPurpose = "order-updates-" + suffix;
        publishPurpose(sharedPurpose, true);
        publishPurpose(keptPurpose, false);
        systemId = "ad-platform-" + suffix;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(Topics.directives(systemId), 3, (short) 1),
                    new NewTopic(Topics.acks(systemId), 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        given().baseUri(dsr).auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("systemId", systemId, "name", "Ad platform", "ownerTeam", "growth",
                        "dataCategories", List.of("behavioural"), "purposes", List.of(sharedPurpose, keptPurpose),
                        "directiveKinds", List.of("STOP_PROCESSING")))
                .when().post("/api/v1/systems").then().statusCode(201);
        // consent-service issues to the systems in its registry view; a restarted replica is ready only
        // once its view has read privacy.systems.v1 to the end, so once the registration is there, it knows it.
        try (TopicReader systems = new TopicReader(bootstrapServers, Topics.SYSTEMS)) {
            systems.awaitKey(systems.beginning(), systemId);
        }
        stack.restart(stack.process("consent-service"), Duration.ofMinutes(3));
        consent = stack.process("consent-service").baseUrl();
    }

    @AfterAll
    static void stopEverything() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void anOptOutFiledAtDsrServiceStopsTheSharingPurposeEverywhere() {
        String customerId = "customer-" + UUID.randomUUID();
        String subjectKey = subjectKeys.keyOf(customerId);
        long granted = grant(customerId, sharedPurpose);
        grant(customerId, keptPurpose);
        assertThat(check(customerId, sharedPurpose, granted).getBoolean("allowed"), is(true));

        try (TopicReader directives = new TopicReader(bootstrapServers, Topics.directives(systemId))) {
            Map<TopicPartition, Long> from = directives.end();
            JsonPath filed = given().baseUri(dsr).auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR))
                    .contentType(ContentType.JSON)
                    .body(Map.of("type", "OPT_OUT_OF_SALE", "regulation", "CCPA", "customerId", customerId,
                            "verificationNote", "signed in to the customer portal"))
                    .when().post("/api/v1/requests").then().statusCode(201).extract().jsonPath();
            assertThat(filed.getString("status"), is("COMPLETED"));
            assertThat(filed.getString("closeReason"), is("forwarded to consent-service"));

            await().atMost(WAIT).until(() -> !check(customerId, sharedPurpose, null).getBoolean("allowed"));
            assertThat(check(customerId, sharedPurpose, null).getString("status"), is("DENIED"));
            assertThat(check(customerId, keptPurpose, null).getBoolean("allowed"), is(true));

            JsonNode directive = json(directives.awaitKey(from, subjectKey));
            assertThat(directive.path("kind").asText(), is("STOP_PROCESSING"));
            assertThat(directive.path("purposeId").asText(), is(sharedPurpose));
        }
    }

    private static void publishPurpose(String purposeId, boolean saleOrSharing) {
        given().baseUri(consent).auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_ADMIN))
                .contentType(ContentType.JSON)
                .body(Map.of("purposeId", purposeId, "name", "Purpose " + purposeId, "description", "For a test.",
                        "legalBasis", "CONSENT", "dataCategories", List.of("behavioural"),
                        "saleOrSharing", saleOrSharing))
                .when().post("/api/v1/purposes").then().statusCode(201);
    }

    /** Records a grant; returns its version token. */
    private static long grant(String customerId, String purposeId) {
        return given().baseUri(consent).auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_ADMIN))
                .contentType(ContentType.JSON)
                .body(Map.of("customerId", customerId, "purposeId", purposeId, "decision", "GRANTED",
                        "channel", "WEB"))
                .when().post("/api/v1/consents").then().statusCode(201).extract().jsonPath().getLong("version");
    }

    private static JsonPath check(String customerId, String purposeId, Long version) {
        var request = given().baseUri(consent).auth().oauth2(TestTokens.forRole(TestTokens.SYSTEM));
        if (version != null) {
            request.queryParam("version", version);
        }
        return request.when().get("/api/v1/subjects/" + customerId + "/consents/" + purposeId)
                .then().statusCode(200).extract().jsonPath();
    }
}
