package dev.heed.consent.receipt;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.quarkus.HeedTestResource;
import dev.heed.testkit.receipt.ReceiptSigningKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Signed consent receipts end to end on the real broker and database: issued with the decision,
 * verified by a third-party JOSE library against the published keys, years later too.
 */
@QuarkusTest
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent"))
class ReceiptTest {

    static final Duration TWO_YEARS = Duration.ofDays(2 * 366);

    @Inject
    Pool database;

    @Inject
    SubjectKeys subjectKeys;

    @Inject
    Clock clock;

    @Test
    void aRecordedDecisionReturnsASignedReceiptThatStillVerifiesTwoYearsLater() throws Exception {
        String purposeId = newPurpose();
        String customerId = newCustomerId();
        Instant grantExpires = clock.instant().plus(Duration.ofDays(365)).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> body = new HashMap<>(decision(customerId, purposeId, "GRANTED", "WEB"));
        body.put("collectorId", "signup-form");
        body.put("noticeVersion", "2026-03");
        body.put("jurisdiction", "DE");
        body.put("expiresAt", grantExpires.toString());
        JsonPath recorded = record(TestTokens.PRIVACY_ADMIN, body);
        // The write's own fields are all still there.
        assertThat(recorded.getLong("version") > 0, is(true));
        assertThat(recorded.getString("decision"), is("GRANTED"));
        String receiptId = recorded.getString("receipt.id");
        String jws = recorded.getString("receipt.jws");
        assertThat(recorded.getString("receipt.keyId"), is(ReceiptSigningKeys.FIRST_KEY_ID));
        assertThat(payload(jws), not(containsString(customerId)));

        JWKSet published = ReceiptVerifier.publishedKeys();
        assertThat(published.getKeys().stream().map(JWK::getKeyID).toList(),
                hasItems(ReceiptSigningKeys.FIRST_KEY_ID, ReceiptSigningKeys.NEXT_KEY_ID));
        for (JWK key : published.getKeys()) {
            assertThat(key.getKeyID() + " is published without its private part", key.isPrivate(), is(false));
        }

        JWTClaimsSet claims = ReceiptVerifier.verify(jws, published, clock.instant().plus(TWO_YEARS));
        JWSObject parsed = JWSObject.parse(jws);
        assertThat(parsed.getHeader().getAlgorithm(), is(JWSAlgorithm.ES256));
        assertThat(parsed.getHeader().getKeyID(), is(ReceiptSigningKeys.FIRST_KEY_ID));
        assertThat(parsed.getHeader().getType().getType(), is("consent-receipt+jwt"));
        assertThat(claims.getExpirationTime(), nullValue());
        assertThat(claims.getJWTID(), is(receiptId));
        assertThat(claims.getIssuer(), is(ReceiptVerifier.ISSUER));
        assertThat(claims.getIssueTime(), notNullValue());
        assertThat(claims.getSubject(), is(subjectKeys.keyOf(customerId)));
        assertThat(claims.getJSONObjectClaim("controller").get("name"), is("Heed test controller"));
        assertThat(claims.getStringClaim("purposeId"), is(purposeId));
        assertThat(claims.getLongClaim("purposeVersion"), is(1L));
        assertThat(claims.getStringClaim("decision"), is("GRANTED"));
        assertThat(claims.getStringClaim("channel"), is("WEB"));
        assertThat(claims.getStringClaim("collector"), is("signup-form"));
        assertThat(claims.getStringClaim("noticeVersion"), is("2026-03"));
        assertThat(claims.getStringClaim("jurisdiction"), is("DE"));
        assertThat(Instant.parse(claims.getStringClaim("grantExpiresAt")), is(grantExpires));
        assertThat(claims.getStringClaim("decisionId"), is(recorded.getString("id")));
        assertThat(claims.getLongClaim("ledgerSequence"), is(recorded.getLong("version")));
        assertThat(Instant.parse(claims.getStringClaim("decidedAt")), is(Instant.parse(recorded.getString("recordedAt"))));

        // Stored with its decision, exactly as returned.
        Row row = single(database.preparedQuery("select * from consent_receipt where decision_id = $1")
                .execute(Tuple.of(UUID.fromString(recorded.getString("id")))).await().atMost(Duration.ofSeconds(10)));
        assertThat(row.getUUID("receipt_id").toString(), is(receiptId));
        assertThat(row.getString("jws"), is(jws));
        assertThat(row.getString("key_id"), is(ReceiptSigningKeys.FIRST_KEY_ID));
        assertThat(row.getLong("ledger_sequence"), is(recorded.getLong("version")));
        assertThat(row.getOffsetDateTime("issued_at").toInstant(), is(claims.getIssueTime().toInstant()));
    }

    @Test
    void aReceiptWithOneChangedByteDoesNotVerify() throws Exception {
        String jws = record(TestTokens.SUPPORT_AGENT,
                decision(newCustomerId(), newPurpose(), "WITHDRAWN", "SUPPORT_AGENT")).getString("receipt.jws");
        JWKSet published = ReceiptVerifier.publishedKeys();
        assertThat(ReceiptVerifier.verify(jws, published, clock.instant()).getStringClaim("decision"), is("WITHDRAWN"));

        String[] parts = jws.split("\\.");
        byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
        String text = new String(payload, StandardCharsets.UTF_8);
        int at = text.indexOf("WITHDRAWN");
        payload[at] = (byte) 'V'; // "VITHDRAWN": still valid JSON, one byte different
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload) + "." + parts[2];

        BadJOSEException refused = assertThrows(BadJOSEException.class,
                () -> ReceiptVerifier.verify(forged, published, clock.instant()));
        assertThat(refused.getMessage(), containsString("signature"));
    }

    @Test
    void agentsAdminsAndAuditorsReadAReceipt() {
        String customerId = newCustomerId();
        JsonPath recorded = record(TestTokens.PRIVACY_ADMIN, decision(customerId, newPurpose(), "DENIED", "APP"));
        String receiptId = recorded.getString("receipt.id");
        for (String role : List.of(TestTokens.SUPPORT_AGENT, TestTokens.PRIVACY_ADMIN, TestTokens.AUDITOR)) {
            given().auth().oauth2(TestTokens.forRole(role))
                    .when().get("/api/v1/receipts/" + receiptId)
                    .then().statusCode(200)
                    .body("id", is(receiptId))
                    .body("keyId", is(ReceiptSigningKeys.FIRST_KEY_ID))
                    .body("jws", is(recorded.getString("receipt.jws")))
                    .body("decisionId", is(recorded.getString("id")))
                    .body("ledgerSequence", is((int) recorded.getLong("version")))
                    .body("claims.jti", is(receiptId))
                    .body("claims.sub", is(subjectKeys.keyOf(customerId)))
                    .body("claims.decision", is("DENIED"))
                    .body("claims.exp", nullValue())
                    .body(not(containsString(customerId)));
        }
    }

    @Test
    void anUnknownReceiptIsNotFoundAndAMalformedIdIsRefused() {
        given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                .when().get("/api/v1/receipts/" + UUID.randomUUID())
                .then().statusCode(404)
                .contentType(containsString("application/problem+json"))
                .body("status", is(404));
        given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                .when().get("/api/v1/receipts/not-a-receipt")
                .then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("errors[0].field", is("id"));
    }

    @Test
    void receiptsNeedAReadingRoleButTheKeysArePublic() {
        String receiptId = record(TestTokens.PRIVACY_ADMIN, decision(newCustomerId(), newPurpose(), "GRANTED", "WEB"))
                .getString("receipt.id");
        given().when().get("/api/v1/receipts/" + receiptId).then().statusCode(401);
        for (String role : List.of(TestTokens.PRIVACY_OPERATOR, TestTokens.SYSTEM, "customer")) {
            given().auth().oauth2(TestTokens.forRole(role))
                    .when().get("/api/v1/receipts/" + receiptId)
                    .then().statusCode(403);
        }
        given().when().get("/.well-known/jwks.json").then().statusCode(200).body("keys.kid", hasItems(
                ReceiptSigningKeys.FIRST_KEY_ID, ReceiptSigningKeys.NEXT_KEY_ID));
    }

    @Test
    void aRefusedDecisionIssuesNoReceiptAndEveryRecordedOneHasExactlyOne() {
        long before = count("select count(*) from consent_receipt");
        given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_ADMIN))
                .contentType(ContentType.JSON)
                .body(decision(newCustomerId(), "unknown-" + UUID.randomUUID().toString().substring(0, 8), "GRANTED", "WEB"))
                .when().post("/api/v1/consents")
                .then().statusCode(400)
                .body("errors[0].field", is("purposeId"));
        assertThat(count("select count(*) from consent_receipt"), is(before));
        assertThat(count("select count(*) from consent_decision d where not exists"
                + " (select 1 from consent_receipt r where r.decision_id = d.id and r.ledger_sequence = d.sequence)"), is(0L));
    }

    private long count(String sql) {
        return single(database.query(sql).execute().await().atMost(Duration.ofSeconds(10))).getLong(0);
    }

    private static Row single(RowSet<Row> rows) {
        assertThat(rows.size(), is(1));
        return rows.iterator().next();
    }

    static String payload(String jws) {
        return new String(Base64.getUrlDecoder().decode(jws.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    static JsonPath record(String role, Map<String, Object> body) {
        return given().auth().oauth2(TestTokens.forRole(role))
                .contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/consents")
                .then().statusCode(201)
                .body("receipt.id", notNullValue())
                .extract().jsonPath();
    }

    static Map<String, Object> decision(String customerId, String purposeId, String decision, String channel) {
        return Map.of("customerId", customerId, "purposeId", purposeId, "decision", decision, "channel", channel);
    }

    /** A customer id distinctive enough that finding it in a receipt means it leaked. */
    static String newCustomerId() {
        return "customer-" + UUID.randomUUID();
    }

    static String newPurpose() {
        String purposeId = "purpose-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_ADMIN))
                .contentType(ContentType.JSON)
                .body(Map.of("purposeId", purposeId, "name", "Marketing e-mails", "description", "News by e-mail.",
                        "legalBasis", "CONSENT", "dataCategories", List.of("contact")))
                .when().post("/api/v1/purposes")
                .then().statusCode(201);
        return purposeId;
    }
}
