package dev.heed.testkit.quarkus;

import dev.heed.testkit.HeedInfra;
import dev.heed.testkit.jwt.TestTokens;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What every Heed service promises the platform it runs on, checked against the service started
 * by {@code @QuarkusTest} on the real broker and database: ready only with its database and Kafka,
 * Prometheus metrics, its OpenAPI document, and bearer-token authentication on {@code /api/v1}.
 * A service's test extends this and names the service.
 */
public abstract class ServicePlatformContract {

    /** The service's name, e.g. {@code audit-service}. */
    protected abstract String serviceName();

    @Test
    void isReadyWithItsDatabaseAndKafka() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.find { it.name =~ /(?i)reactive.*postgres/ }.status", is("UP"))
                .body("checks.find { it.name =~ /(?i)kafka/ }.status", is("UP"));
    }

    @Test
    void talksToABrokerOfItsOwnKafkaClientsRelease() {
        String broker = HeedInfra.get().kafkaVersion();
        String clients = AppInfoParser.getVersion(); // kafka-clients as this service resolves it
        // A broker someone else runs (HEED_TEST_KAFKA) does not report its release.
        if (broker != null) {
            assertEquals(clients, broker, "the test broker must run the service's kafka-clients release");
        }
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
                .body("info.title", equalTo("Heed " + serviceName()))
                .body("paths", hasKey("/api/v1/caller"));
    }

    @Test
    void answersAnAuthenticatedCaller() {
        given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR))
                .when().get("/api/v1/caller")
                .then().statusCode(200)
                .body("name", is("test-" + TestTokens.PRIVACY_OPERATOR))
                .body("roles", contains(TestTokens.PRIVACY_OPERATOR));
    }

    @Test
    void refusesACallerWithoutAToken() {
        given().when().get("/api/v1/caller")
                .then().statusCode(401);
    }
}
