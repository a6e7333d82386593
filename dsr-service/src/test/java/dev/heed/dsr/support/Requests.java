package dev.heed.dsr.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.heed.testkit.jwt.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.Map;

/** Data-subject requests over the operators' HTTP API, as the request tests file and follow them. */
public final class Requests {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private Requests() {
    }

    /** Files a request as a privacy operator. */
    public static ValidatableResponse submit(Map<String, Object> body) {
        return given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR)).contentType(ContentType.JSON)
                .body(body).when().post("/api/v1/requests").then();
    }

    /** The request as an auditor reads it, which must exist. */
    public static JsonPath request(String requestId) {
        return given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                .when().get("/api/v1/requests/" + requestId)
                .then().statusCode(200).extract().jsonPath();
    }

    public static JsonPath awaitStatus(String requestId, String status) {
        await().atMost(WAIT).until(() -> request(requestId).getString("status").equals(status));
        return request(requestId);
    }
}
