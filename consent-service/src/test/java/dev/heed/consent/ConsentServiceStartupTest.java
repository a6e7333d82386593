package dev.heed.consent;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.quarkus.HeedTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** consent-service starts on the real broker and database and serves its platform endpoints. */
@QuarkusTest
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent"))
class ConsentServiceStartupTest {

    @Test
    void isReadyWithItsDatabaseAndKafka() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.find { it.name =~ /(?i)reactive.*postgres/ }.status", is("UP"))
                .body("checks.find { it.name =~ /(?i)kafka/ }.status", is("UP"));
    }

    @Test
    void servesPrometheusMetrics() {
        given().accept("text/plain").when().get("/q/metrics")
                .then().statusCode(200)
                .contentType(startsWith("text/plain"))
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"));
    }

    @Test
    void servesItsOpenApiDocument() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("openapi", startsWith("3."))
                .body("info.title", equalTo("Heed consent-service"))
                .body("paths", hasKey("/api/v1/caller"));
    }

    @Test
    void answersAnAuthenticatedCaller() {
        given().auth().oauth2(TestTokens.forRole("privacy-operator"))
                .when().get("/api/v1/caller")
                .then().statusCode(200)
                .body("name", is("test-privacy-operator"))
                .body("roles", contains("privacy-operator"));
    }

    @Test
    void refusesACallerWithoutAToken() {
        given().when().get("/api/v1/caller")
                .then().statusCode(401);
    }
}
