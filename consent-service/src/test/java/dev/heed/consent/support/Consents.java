package dev.heed.consent.support;

import static io.restassured.RestAssured.given;

import dev.heed.testkit.jwt.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.Matchers;

/** Purposes and decisions over the HTTP API, as an administrator records them. */
public final class Consents {

    private Consents() {
    }

    /** A new purpose of the catalogue with this legal basis; returns its id. */
    public static String newPurpose(String legalBasis) {
        return newPurpose(legalBasis, false);
    }

    /** A new purpose of the catalogue, which sells or shares data or not; returns its id. */
    public static String newPurpose(String legalBasis, boolean saleOrSharing) {
        String purposeId = "purpose-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_ADMIN))
                .contentType(ContentType.JSON)
                .body(Map.of("purposeId", purposeId, "name", "Purpose " + purposeId, "description", "For a test.",
                        "legalBasis", legalBasis, "dataCategories", List.of("contact"), "saleOrSharing", saleOrSharing))
                .when().post("/api/v1/purposes")
                .then().statusCode(Matchers.is(201));
        return purposeId;
    }

    /** A customer id distinctive enough that finding it in a record means it leaked. */
    public static String newCustomerId() {
        return "customer-" + UUID.randomUUID();
    }

    public static Map<String, Object> decision(String customerId, String purposeId, String decision) {
        Map<String, Object> body = new HashMap<>();
        body.put("customerId", customerId);
        body.put("purposeId", purposeId);
        body.put("decision", decision);
        body.put("channel", "WEB");
        return body;
    }

    public static ValidatableResponse post(Map<String, Object> body) {
        return given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_ADMIN))
                .contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/consents")
                .then();
    }

    /** Records the decision, which must succeed (201). */
    public static JsonPath record(Map<String, Object> body) {
        return post(body).statusCode(201).extract().jsonPath();
    }

    /** The consent check, which must answer (200), optionally presenting a version token. */
    public static JsonPath check(String role, String customerId, String purposeId, Long version) {
        var request = given().auth().oauth2(TestTokens.forRole(role));
        if (version != null) {
            request.queryParam("version", version);
        }
        return request.when().get("/api/v1/subjects/" + customerId + "/consents/" + purposeId)
                .then().statusCode(200)
                .body(Matchers.not(Matchers.containsString(customerId)))
                .extract().jsonPath();
    }

    public static ValidatableResponse propagation(String role, String decisionId) {
        return given().auth().oauth2(TestTokens.forRole(role))
                .when().get("/api/v1/withdrawals/" + decisionId + "/propagation")
                .then();
    }
}
