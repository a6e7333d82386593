package dev.heed.dsr;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.quarkus.HeedTestResource;
import dev.heed.testkit.quarkus.ServicePlatformContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** dsr-service starts on the real broker and database and serves its platform endpoints. */
@QuarkusTest
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "dsr"))
class DsrServiceStartupTest extends ServicePlatformContract {

    @Override
    protected String serviceName() {
        return "dsr-service";
    }

    @Test
    void isReadyOnlyWithItsRegistryView() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.find { it.name == 'heed-system-registry' }.status", is("UP"));
    }

    @Test
    void documentsTheSystemRegistry() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths", hasKey("/api/v1/systems"));
    }

    @Test
    void refusesAnOversizedBodyWith413() {
        given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_ADMIN))
                .contentType(ContentType.JSON)
                .body("{\"name\":\"" + "x".repeat(70 * 1024) + "\"}")
                .when().post("/api/v1/systems")
                .then().statusCode(413)
                .contentType(startsWith("application/problem+json"));
    }
}
