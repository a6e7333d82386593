package dev.heed.directives;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import dev.heed.platform.leadership.Leadership;
import dev.heed.testkit.quarkus.OnVertx;
import dev.heed.directives.support.SystemRegistry;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.quarkus.HeedTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The operator read API and the problem+json conventions every service shares. */
@QuarkusTest
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "directives"))
class WebApiTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    DirectiveIssuer issuer;
    @Inject
    SystemRegistryView registry;
    @Inject
    Leadership leadership;

    @Test
    void operatorsReadADirectiveWithItsTasks() {
        String category = "web-" + UUID.randomUUID().toString().substring(0, 8);
        String systemId = "webshop-" + category.substring(4);
        SystemRegistry.publish(SystemRegistry.active(systemId, Set.of(category), Set.of("service"),
                Set.of(DirectiveKind.ERASE)));
        await().atMost(Duration.ofSeconds(60)).until(() -> registry.system(systemId).isPresent());
        String subject = new SubjectKeys(1, "a test secret of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8))
                .keyOf("customer-web");
        Directive issued = OnVertx.call(() -> Panache.withTransaction(() -> issuer.issue(
                DirectiveRequest.about(DirectiveKind.ERASE, subject).dataCategories(Set.of(category))
                        .reference("request-42"))));

        for (String role : new String[] {TestTokens.PRIVACY_ADMIN, TestTokens.PRIVACY_OPERATOR, TestTokens.AUDITOR}) {
            given().auth().oauth2(TestTokens.forRole(role))
                    .get("/api/v1/directives/{id}", issued.id())
                    .then().statusCode(200)
                    .body("id", equalTo(issued.id().toString()))
                    .body("state", equalTo("ISSUED"))
                    .body("reference", equalTo("request-42"))
                    .body("tasks[0].systemId", equalTo(systemId))
                    .body("tasks[0].state", equalTo("PENDING"))
                    .body("tasks[0].id", equalTo(issued.tasks().get(0).id().toString()))
                    .body("issuer", equalTo("directives-test"))
                    .body("issuedAt", org.hamcrest.Matchers.notNullValue())
                    .body("noRecipients", equalTo(false))
                    .body("unansweredSystems", org.hamcrest.Matchers.empty());
        }
        given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR))
                .queryParam("state", "issued")
                .get("/api/v1/directives")
                .then().statusCode(200)
                .body("id", hasItem(issued.id().toString()))
                .body("find { it.id == '%s' }.tasks.PENDING".formatted(issued.id()), equalTo(1));
        given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                .get("/api/v1/directives")
                .then().statusCode(200)
                .body("id", hasItem(issued.id().toString()));
        given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                .queryParam("state", "completed")
                .get("/api/v1/directives")
                .then().statusCode(200)
                .body("id", org.hamcrest.Matchers.not(hasItem(issued.id().toString())));
    }

    @Test
    void theDirectiveApiNeedsAnOperatorRole() {
        given().get("/api/v1/directives").then().statusCode(401);
        given().auth().oauth2(TestTokens.forRole(TestTokens.SUPPORT_AGENT)).get("/api/v1/directives")
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.forSystem("crm")).get("/api/v1/directives").then().statusCode(403);
    }

    @Test
    void badDirectiveQueriesAreProblemsNamingTheParameter() {
        String token = TestTokens.forRole(TestTokens.PRIVACY_ADMIN);
        given().auth().oauth2(token).get("/api/v1/directives/{id}", "not-a-uuid")
                .then().statusCode(400).contentType(PROBLEM)
                .body("status", equalTo(400))
                .body("errors[0].field", equalTo("id"));
        given().auth().oauth2(token).queryParam("state", "finished").get("/api/v1/directives")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("state"));
        given().auth().oauth2(token).queryParam("limit", "100000").get("/api/v1/directives")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("limit"));
        given().auth().oauth2(token).get("/api/v1/directives/{id}", UUID.randomUUID())
                .then().statusCode(404).contentType(PROBLEM)
                .body("title", equalTo("Not found"));
    }

    @Test
    void theCallerEndpointShowsWhatTheTokenSays() {
        given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR)).get("/api/v1/caller")
                .then().statusCode(200)
                .body("roles", containsInAnyOrder(TestTokens.AUDITOR))
                .body("name", equalTo("test-auditor"))
                .body("systemId", nullValue());
        given().auth().oauth2(TestTokens.forSystem("crm")).get("/api/v1/caller")
                .then().statusCode(200)
                .body("roles", hasItem(TestTokens.SYSTEM))
                .body("systemId", equalTo("crm"));
        given().get("/api/v1/caller").then().statusCode(401);
    }

    @Test
    void malformedJsonIsABadRequest() {
        given().contentType(ContentType.JSON).body("{\"customer\": \"c1\", ").post("/test/echo")
                .then().statusCode(400).contentType(PROBLEM)
                .body("status", equalTo(400));
    }

    @Test
    void aFieldOfTheWrongTypeIsNamed() {
        given().contentType(ContentType.JSON)
                .body("{\"customer\": \"c1\", \"items\": [{\"name\": \"a\", \"quantity\": \"many\"}]}")
                .post("/test/echo")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("items[0].quantity"))
                .body("detail", org.hamcrest.Matchers.not(containsString("many")));
        given().contentType(ContentType.JSON).body("{\"customer\": \"c1\", \"placedAt\": \"yesterday\"}")
                .post("/test/echo")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("placedAt"));
    }

    @Test
    void aRuleBrokenInARecordConstructorNamesTheField() {
        given().contentType(ContentType.JSON).body("{\"customer\": \"c1\", \"items\": [{\"quantity\": 1}]}")
                .post("/test/echo")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("items[0].name"))
                .body("errors[0].message", equalTo("name is required"));
        given().contentType(ContentType.JSON).body("{}").post("/test/echo")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors[0].field", equalTo("customer"))
                .body("errors[0].message", equalTo("customer is required"));
    }

    @Test
    void beanValidationViolationsNameEachField() {
        given().contentType(ContentType.JSON)
                .body("{\"label\": \" \", \"weight\": 0, \"items\": [{\"name\": \"a\", \"quantity\": 1}]}")
                .queryParam("copies", 9)
                .post("/test/echo/parcel")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", containsInAnyOrder("copies", "label", "weight"));
    }

    @Test
    void anOversizedBodyIs413() {
        String huge = "{\"customer\": \"" + "x".repeat(70 * 1024) + "\"}";
        given().contentType(ContentType.JSON).body(huge).post("/test/echo")
                .then().statusCode(413).contentType(PROBLEM)
                .body("status", equalTo(413));
    }

    @Test
    void readinessIncludesTheRegistryView() {
        await().atMost(Duration.ofSeconds(60)).until(registry::isReady);
        given().get("/q/health/ready")
                .then().statusCode(200)
                .body("checks.find { it.name == 'heed-system-registry' }.status", equalTo("UP"));
    }

    @Test
    void anUnknownAddressIsA404Problem() {
        given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_ADMIN)).get("/api/v1/nothing-here")
                .then().statusCode(404).contentType(PROBLEM);
        assertThat(leadership).isNotNull();
    }
}
