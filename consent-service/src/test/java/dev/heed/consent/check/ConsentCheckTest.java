package dev.heed.consent.check;

import static dev.heed.consent.support.Consents.check;
import static dev.heed.consent.support.Consents.decision;
import static dev.heed.consent.support.Consents.newCustomerId;
import static dev.heed.consent.support.Consents.newPurpose;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.heed.consent.support.Consents;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.quarkus.HeedTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The consent check on the real broker and database: answers from the ledger and from this
 * replica's cache fed by the state topic, version tokens, expiry and renewal at check time,
 * legal bases, the batch, and refusals.
 */
@QuarkusTest
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent"))
class ConsentCheckTest {

    private static final String ADMIN = TestTokens.PRIVACY_ADMIN;
    private static final String AGENT = TestTokens.SUPPORT_AGENT;
    private static final String SYSTEM = TestTokens.SYSTEM;

    @Inject
    SubjectKeys subjectKeys;

    @Inject
    Clock clock;

    @Test
    void aGrantIsAllowedAndAWithdrawalDeniedAtOnceWithItsToken() {
        String purposeId = newPurpose("CONSENT");
        String customerId = newCustomerId();

        JsonPath none = check(SYSTEM, customerId, purposeId, null);
        assertThat(none.getBoolean("allowed"), is(false));
        assertThat(none.getString("status"), is("NO_DECISION"));
        assertThat(none.getString("answeredFrom"), is("LEDGER"));
        assertThat(none.getLong("version"), is(0L));

        long granted = record(customerId, purposeId, "GRANTED").getLong("version");
        JsonPath allowed = check(SYSTEM, customerId, purposeId, granted);
        assertThat(allowed.getBoolean("allowed"), is(true));
        assertThat(allowed.getString("status"), is("GRANTED"));
        assertThat(allowed.getLong("version"), is(granted));
        assertThat(allowed.getString("subjectKey"), is(subjectKeys.keyOf(customerId)));
        assertThat(allowed.getString("legalBasis"), is("CONSENT"));
        assertThat(allowed.getInt("purposeVersion"), is(1));

        // The cache now holds the subject: later checks cost no database round trip.
        JsonPath cached = check(AGENT, customerId, purposeId, granted);
        assertThat(cached.getString("answeredFrom"), is("CACHE"));
        assertThat(cached.getBoolean("allowed"), is(true));

        long withdrawn = record(customerId, purposeId, "WITHDRAWN").getLong("version");
        // With the withdrawal's token the answer is never the older, cached grant.
        JsonPath denied = check(SYSTEM, customerId, purposeId, withdrawn);
        assertThat(denied.getBoolean("allowed"), is(false));
        assertThat(denied.getString("status"), is("WITHDRAWN"));
        assertThat(denied.getLong("version"), is(withdrawn));

        // Without it, the cache catches up through the state topic and answers by itself.
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
            JsonPath answer = check(SYSTEM, customerId, purposeId, null);
            return answer.getString("answeredFrom").equals("CACHE") && answer.getLong("version") == withdrawn;
        });
    }

    @Test
    void theCacheFollowsAWriteThatAnotherReplicaWouldHaveMade() {
        String purposeId = newPurpose("CONSENT");
        String customerId = newCustomerId();
        long granted = record(customerId, purposeId, "GRANTED").getLong("version");
        assertThat(check(SYSTEM, customerId, purposeId, granted).getBoolean("allowed"), is(true));
        await().atMost(Duration.ofSeconds(15)).until(() ->
                check(SYSTEM, customerId, purposeId, null).getString("answeredFrom").equals("CACHE"));

        long withdrawn = record(customerId, purposeId, "WITHDRAWN").getLong("version");
        // No token, no ledger read: only the feed can turn the cached grant into a withdrawal.
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
            JsonPath answer = check(SYSTEM, customerId, purposeId, null);
            assertThat(answer.getString("answeredFrom"), is("CACHE"));
            return !answer.getBoolean("allowed") && answer.getLong("version") == withdrawn;
        });
    }

    @Test
    void aGrantPastItsExpiryIsNotAllowedWithoutAnyJobRecordingIt() {
        String purposeId = newPurpose("CONSENT");
        String customerId = newCustomerId();
        Instant expiresAt = clock.instant().plusSeconds(3).truncatedTo(ChronoUnit.MICROS);
        Map<String, Object> body = decision(customerId, purposeId, "GRANTED");
        body.put("expiresAt", expiresAt.toString());
        long version = Consents.record(body).getLong("version");
        JsonPath before = check(SYSTEM, customerId, purposeId, version);
        assertThat(before.getBoolean("allowed"), is(true));
        assertThat(Instant.parse(before.getString("expiresAt")), is(expiresAt));

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).until(() ->
                check(SYSTEM, customerId, purposeId, null).getString("status").equals("EXPIRED"));
        JsonPath after = check(SYSTEM, customerId, purposeId, null);
        assertThat(after.getBoolean("allowed"), is(false));
        assertThat(after.getLong("version"), is(version));
    }

    @Test
    void aGrantToAVersionBeforeAMaterialChangeNeedsRenewal() {
        String purposeId = newPurpose("CONSENT");
        String customerId = newCustomerId();
        String otherCustomerId = newCustomerId();
        record(customerId, purposeId, "GRANTED");
        publishPurpose(purposeId, "CONSENT", "Minor wording", false);
        long stillCovered = record(otherCustomerId, purposeId, "GRANTED").getLong("version");
        assertThat(check(SYSTEM, customerId, purposeId, null).getBoolean("allowed"), is(true));

        publishPurpose(purposeId, "CONSENT", "Now also shared with partners", true);
        await().atMost(Duration.ofSeconds(15)).until(() ->
                check(SYSTEM, customerId, purposeId, null).getString("status").equals("NEEDS_RENEWAL"));
        JsonPath stale = check(SYSTEM, customerId, purposeId, null);
        assertThat(stale.getBoolean("allowed"), is(false));
        assertThat(stale.getInt("purposeVersion"), is(1));
        assertThat(stale.getInt("currentPurposeVersion"), is(3));
        // A grant to version 2 came before the material version 3 too.
        assertThat(check(SYSTEM, otherCustomerId, purposeId, stillCovered).getString("status"), is("NEEDS_RENEWAL"));

        long renewed = record(customerId, purposeId, "GRANTED").getLong("version");
        JsonPath fresh = check(SYSTEM, customerId, purposeId, renewed);
        assertThat(fresh.getBoolean("allowed"), is(true));
        assertThat(fresh.getString("status"), is("GRANTED"));
        assertThat(fresh.getInt("purposeVersion"), is(3));
    }

    @Test
    void legitimateInterestsAllowUntilTheSubjectObjects() {
        String purposeId = newPurpose("LEGITIMATE_INTERESTS");
        String contractPurposeId = newPurpose("CONTRACT");
        String customerId = newCustomerId();
        JsonPath unasked = check(SYSTEM, customerId, purposeId, null);
        assertThat(unasked.getBoolean("allowed"), is(true));
        assertThat(unasked.getString("status"), is("NO_DECISION"));

        long objected = record(customerId, purposeId, "DENIED").getLong("version");
        JsonPath denied = check(SYSTEM, customerId, purposeId, objected);
        assertThat(denied.getBoolean("allowed"), is(false));
        assertThat(denied.getString("status"), is("DENIED"));

        // Consent is not what a contract rests on: a denial is reported, the processing stays allowed.
        long contractDenied = record(customerId, contractPurposeId, "DENIED").getLong("version");
        JsonPath contract = check(SYSTEM, customerId, contractPurposeId, contractDenied);
        assertThat(contract.getBoolean("allowed"), is(true));
        assertThat(contract.getString("status"), is("DENIED"));
        assertThat(contract.getString("legalBasis"), is("CONTRACT"));
    }

    @Test
    void aBatchAnswersEveryCheckInOrder() {
        String consentPurpose = newPurpose("CONSENT");
        String interestsPurpose = newPurpose("LEGITIMATE_INTERESTS");
        String granted = newCustomerId();
        String withdrawn = newCustomerId();
        record(granted, consentPurpose, "GRANTED");
        record(withdrawn, consentPurpose, "GRANTED");
        long last = record(withdrawn, consentPurpose, "WITHDRAWN").getLong("version");

        List<Map<String, Object>> checks = List.of(
                Map.of("customerId", granted, "purposeId", consentPurpose),
                Map.of("customerId", withdrawn, "purposeId", consentPurpose),
                Map.of("customerId", withdrawn, "purposeId", interestsPurpose),
                Map.of("customerId", newCustomerId(), "purposeId", consentPurpose));
        JsonPath answers = given().auth().oauth2(TestTokens.forRole(SYSTEM))
                .contentType(ContentType.JSON).body(Map.of("version", last, "checks", checks))
                .when().post("/api/v1/consent-checks")
                .then().statusCode(200)
                .body(not(containsString(granted))).body(not(containsString(withdrawn)))
                .extract().jsonPath();
        assertThat(answers.getList("results.allowed"), contains(true, false, true, false));
        assertThat(answers.getList("results.status"), contains("GRANTED", "WITHDRAWN", "NO_DECISION", "NO_DECISION"));
        assertThat(answers.getList("results.purposeId"),
                contains(consentPurpose, consentPurpose, interestsPurpose, consentPurpose));
        assertThat(answers.getList("results.subjectKey"), contains(subjectKeys.keyOf(granted),
                subjectKeys.keyOf(withdrawn), subjectKeys.keyOf(withdrawn), answers.getString("results[3].subjectKey")));
    }

    @Test
    void badChecksAreRefusedWithAProblemNamingTheField() {
        String purposeId = newPurpose("CONSENT");
        String customerId = newCustomerId();

        given().auth().oauth2(TestTokens.forRole(SYSTEM))
                .when().get("/api/v1/subjects/" + customerId + "/consents/no-such-purpose")
                .then().statusCode(404).contentType("application/problem+json")
                .body("status", is(404)).body("type", containsString("unknown-purpose"))
                .body(not(containsString(customerId)));
        given().auth().oauth2(TestTokens.forRole(SYSTEM)).queryParam("version", "yesterday")
                .when().get("/api/v1/subjects/" + customerId + "/consents/" + purposeId)
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", is("version"));
        given().auth().oauth2(TestTokens.forRole(SYSTEM))
                .when().get("/api/v1/subjects/" + customerId + "/consents/Not_A_Purpose!")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", is("purposeId"));

        assertBatchRefused(Map.of("checks", List.of(Map.of("customerId", customerId, "purposeId", purposeId),
                Map.of("customerId", customerId, "purposeId", "no-such-purpose"))), "checks[1].purposeId");
        assertBatchRefused(Map.of("checks", List.of(Map.of("purposeId", purposeId))), "checks[0].customerId");
        assertBatchRefused(Map.of("checks", List.of()), "checks");
        assertBatchRefused(Map.of(), "checks");
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            tooMany.add(Map.of("customerId", "c" + i, "purposeId", purposeId));
        }
        assertBatchRefused(Map.of("checks", tooMany), "checks");
        given().auth().oauth2(TestTokens.forRole(SYSTEM))
                .contentType(ContentType.JSON).body("{\"checks\": [")
                .when().post("/api/v1/consent-checks")
                .then().statusCode(400).contentType("application/problem+json");

        for (String role : List.of(TestTokens.AUDITOR, TestTokens.PRIVACY_OPERATOR)) {
            given().auth().oauth2(TestTokens.forRole(role))
                    .when().get("/api/v1/subjects/" + customerId + "/consents/" + purposeId)
                    .then().statusCode(403);
        }
        given().when().get("/api/v1/subjects/" + customerId + "/consents/" + purposeId).then().statusCode(401);
    }

    @Test
    void theServiceIsReadyOnlyWithItsCacheFeedCaughtUp() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.find { it.name == 'heed-consent-check' }.status", is("UP"))
                .body("checks.find { it.name == 'heed-consent-check' }.data.consentStateFeed", is(true))
                .body("checks.find { it.name == 'heed-consent-check' }.data.purposes", is(true));
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("heed_consent_checks_total"))
                .body(containsString("heed_consent_cache_size"));
    }

    private static void assertBatchRefused(Object body, String field) {
        given().auth().oauth2(TestTokens.forRole(SYSTEM))
                .contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/consent-checks")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", is(field));
    }

    private static JsonPath record(String customerId, String purposeId, String decision) {
        return Consents.record(decision(customerId, purposeId, decision));
    }

    private static void publishPurpose(String purposeId, String legalBasis, String description, boolean material) {
        given().auth().oauth2(TestTokens.forRole(ADMIN))
                .contentType(ContentType.JSON)
                .body(Map.of("purposeId", purposeId, "name", "Offers", "description", description,
                        "legalBasis", legalBasis, "dataCategories", List.of("contact"), "material", material))
                .when().post("/api/v1/purposes")
                .then().statusCode(is(org.hamcrest.Matchers.oneOf(200, 201)));
    }
}
