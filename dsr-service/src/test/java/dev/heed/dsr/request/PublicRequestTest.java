package dev.heed.dsr.request;

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
import dev.heed.dsr.support.CapturedLogs;
import dev.heed.dsr.support.MovableTime;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.kafka.DownstreamSystem;
import dev.heed.testkit.kafka.TopicReader;
import dev.heed.testkit.quarkus.HeedTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A customer asks without an account: nothing moves before the one-time code is entered; the
 * right code sends the request on, known by the verified address; wrong codes run out.
 */
@QuarkusTest
@TestProfile(MovableTime.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "dsr"))
class PublicRequestTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    Pool database;
    @Inject
    SubjectKeys subjectKeys;
    @Inject
    SystemRegistryView registry;
    @Inject
    Leadership leadership;

    @ConfigProperty(name = "heed.testkit.kafka.bootstrap-servers")
    String bootstrapServers;

    @BeforeEach
    void leaderAndRegistryReady() {
        await().atMost(WAIT).until(() -> leadership.isLeader() && registry.isReady());
    }

    @Test
    void theRightCodeSendsTheRequestOnKnownByTheVerifiedAddress() {
        DownstreamSystem desk = DownstreamSystem.register(bootstrapServers, "desk", Set.of("support"),
                Set.of(DirectiveKind.ERASE));
        await().atMost(WAIT).until(() -> registry.system(desk.id()).isPresent());
        String email = "ada." + UUID.randomUUID() + "@example.com";

        JsonPath received = submit("ERASURE", email).statusCode(202)
                .body(not(containsString(email)))
                .extract().jsonPath();
        String requestId = received.getString("id");
        assertThat(received.getString("status"), is("AWAITING_VERIFICATION"));
        assertThat(directivesFor(requestId), is(0L));

        verify(requestId, wrong(sentCode(requestId))).statusCode(400)
                .body("errors[0].field", is("code")).body("detail", containsString("attempts left"));
        assertThat(directivesFor(requestId), is(0L));

        try (TopicReader directives = new TopicReader(bootstrapServers, desk.directivesTopic())) {
            Map<TopicPartition, Long> from = directives.end();
            JsonPath verified = verify(requestId, sentCode(requestId)).statusCode(200)
                    .body(not(containsString(email)))
                    .extract().jsonPath();
            assertThat(verified.getString("status"), is("IN_PROGRESS"));

            String subjectKey = subjectKeys.keyOf("email:" + email);
            JsonNode directive = json(directives.awaitKey(from, subjectKey));
            assertThat(directive.path("kind").asText(), is("ERASE"));
            assertThat(directive.path("reference").asText(), is(requestId));
            // The only place the address travels: the recipient's own topic, for it to match.
            assertThat(directive.path("identities").path("email").get(0).asText(), is(email));
        }
        given().when().get("/public/v1/requests/" + requestId)
                .then().statusCode(200).body("status", is("IN_PROGRESS")).body(not(containsString(email)));

        // Asked again while the first is open: linked to it, nothing sent twice.
        String againId = submit("ERASURE", email).statusCode(202).extract().jsonPath().getString("id");
        JsonPath again = verify(againId, sentCode(againId)).statusCode(200).extract().jsonPath();
        assertThat(again.getString("status"), is("CANCELLED"));
        assertThat(directivesFor(againId), is(0L));
        JsonPath linked = given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                .when().get("/api/v1/requests/" + againId).then().statusCode(200).extract().jsonPath();
        assertThat(linked.getString("closeReason"), is("duplicate of " + requestId));
    }

    @Test
    void tooManyWrongCodesRejectTheRequest() {
        String email = "bob." + UUID.randomUUID() + "@example.com";
        String requestId = submit("ACCESS", email).statusCode(202).extract().jsonPath().getString("id");
        String wrong = wrong(sentCode(requestId));
        for (int i = 0; i < 4; i++) {
            verify(requestId, wrong).statusCode(400);
        }
        verify(requestId, wrong).statusCode(409).contentType(containsString("application/problem+json"));
        given().when().get("/public/v1/requests/" + requestId).then().statusCode(200).body("status", is("REJECTED"));
        verify(requestId, sentCode(requestId)).statusCode(409);
        assertThat(directivesFor(requestId), is(0L));
    }

    @Test
    void noAddressOrCustomerIdReachesALogLine() {
        DownstreamSystem desk = DownstreamSystem.register(bootstrapServers, "desk", Set.of("support"),
                Set.of(DirectiveKind.ERASE, DirectiveKind.EXPORT));
        await().atMost(WAIT).until(() -> registry.system(desk.id()).isPresent());
        String email = "grace." + UUID.randomUUID() + "@example.com";
        String customerId = "customer-" + UUID.randomUUID();
        String requestId;
        List<String> logged;
        List<String> leaks;
        try (CapturedLogs capture = CapturedLogs.start()) {
            requestId = submit("ACCESS", email).statusCode(202).extract().jsonPath().getString("id");
            verify(requestId, wrong(sentCode(requestId))).statusCode(400);
            verify(requestId, sentCode(requestId)).statusCode(200);
            given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR)).contentType(ContentType.JSON)
                    .body(Map.of("type", "ERASURE", "regulation", "GDPR", "customerId", customerId,
                            "identities", Map.of("email", List.of(email)), "verificationNote", "seen in person"))
                    .when().post("/api/v1/requests").then().statusCode(201);
            submitBody(Map.of("type", "ERASURE", "regulation", "GDPR", "email", email + " not valid"))
                    .statusCode(400);
            logged = capture.lines();
            leaks = new ArrayList<>(capture.containing(email));
            leaks.addAll(capture.containing(customerId));
            leaks.addAll(capture.containing(email.substring(0, email.indexOf('@'))));
        }
        // The capture works: the service logged about the request, by its id.
        assertThat(logged.stream().anyMatch(line -> line.contains(requestId)), is(true));
        assertThat(leaks, is(List.of()));
    }

    @Test
    void badSubmissionsAreRefusedAndWriteNothing() {
        long before = rows();
        submitBody(Map.of("type", "ERASURE", "regulation", "GDPR")).statusCode(400).body("errors[0].field", is("email"));
        submitBody(Map.of("type", "ERASURE", "regulation", "GDPR", "email", "not an address")).statusCode(400)
                .body("errors[0].field", is("email"));
        submitBody(Map.of("type", "OPT_OUT_OF_SALE", "regulation", "GDPR", "email", "a@example.com")).statusCode(400)
                .body("errors[0].field", is("regulation"));
        submitBody(Map.of("type", "ERASURE", "email", "a@example.com")).statusCode(400)
                .body("errors[0].field", is("regulation"));
        given().contentType(ContentType.JSON).body("{\"type\":").when().post("/public/v1/requests")
                .then().statusCode(400);
        assertThat(rows(), is(before));
        verify(UUID.randomUUID().toString(), "12345678").statusCode(404);
        verify("not-a-uuid", "12345678").statusCode(400);
    }

    private static ValidatableResponse submit(String type, String email) {
        return submitBody(Map.of("type", type, "regulation", "GDPR", "email", email));
    }

    private static ValidatableResponse submitBody(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/public/v1/requests").then();
    }

    private static ValidatableResponse verify(String requestId, String code) {
        return given().contentType(ContentType.JSON).body(Map.of("code", code))
                .when().post("/public/v1/requests/" + requestId + "/verification").then();
    }

    /** What the mail sender would send: the newest code waiting for this request. */
    private String sentCode(String requestId) {
        return database.preparedQuery("select code from verification_notice where request_id = $1"
                        + " order by created_at desc limit 1")
                .execute(Tuple.of(UUID.fromString(requestId))).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getString("code");
    }

    private static String wrong(String code) {
        return (code.charAt(0) == '9' ? "1" : "9") + code.substring(1);
    }

    private long directivesFor(String requestId) {
        return database.preparedQuery("select count(*) from heed_directives.directive where reference = $1")
                .execute(Tuple.of(requestId)).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }

    private long rows() {
        return database.query("select (select count(*) from subject_request) + (select count(*) from verification_notice)")
                .execute().await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }
}
