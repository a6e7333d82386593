package dev.heed.systemtests;

import dev.heed.testkit.HeedInfra;
import dev.heed.testkit.InfraProcess;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.subject.SubjectKeySecret;
import dev.heed.testkit.stack.HeedService;
import dev.heed.testkit.stack.HeedStack;
import dev.heed.testkit.stack.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** All four packaged services start as their own processes on real Kafka and PostgreSQL. */
class PackagedServicesTest {

    private static HeedStack stack;

    @BeforeAll
    static void startStack() {
        Path root = Path.of(System.getProperty("heed.project.root", "..")).toAbsolutePath().normalize();
        List<HeedService> services = HeedService.ALL.stream().map(s -> s.onPort(InfraProcess.freePort())).toList();
        stack = HeedStack.start(root, HeedInfra.get(), TestTokens.issuer(), SubjectKeySecret.perJvm(),
                root.resolve("system-tests/target/stack"), services, true, Duration.ofMinutes(3));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyServiceIsReadyAndAnswersAnAuthenticatedRequest() {
        return stack.processes().stream().map(p -> DynamicTest.dynamicTest(p.service().name(), () -> {
            given().baseUri(p.baseUrl()).when().get("/q/health/ready")
                    .then().statusCode(200).body("status", equalTo("UP"));
            given().baseUri(p.baseUrl()).auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR))
                    .when().get("/api/v1/caller")
                    .then().statusCode(200).body("roles", hasItem(TestTokens.PRIVACY_OPERATOR));
            given().baseUri(p.baseUrl()).when().get("/api/v1/caller")
                    .then().statusCode(401);
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyServiceServesMetricsAndOpenApi() {
        return stack.processes().stream().map(ServiceProcess::baseUrl).map(url -> DynamicTest.dynamicTest(url, () -> {
            given().baseUri(url).when().get("/q/metrics").then().statusCode(200);
            given().baseUri(url).when().get("/q/openapi").then().statusCode(200);
        }));
    }
}
