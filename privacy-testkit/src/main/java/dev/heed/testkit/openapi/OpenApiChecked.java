package dev.heed.testkit.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.restassured.RestAssured;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code @ExtendWith(OpenApiChecked.class)} on a {@code @QuarkusTest} class: every answer its tests
 * get through RestAssured is compared with the service's {@code /q/openapi} once the class has run
 * ({@link OpenApiConformance}); a difference fails the class.
 */
public final class OpenApiChecked implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(OpenApiChecked.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        OpenApiConformance conformance = new OpenApiConformance();
        context.getStore(NAMESPACE).put(OpenApiConformance.class, conformance);
        RestAssured.filters(conformance);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // Read while the service runs and RestAssured points at it (Quarkus sets the port per test).
        ExtensionContext.Store store = context.getParent().orElseThrow().getStore(NAMESPACE);
        if (store.get(String.class) == null) {
            store.put(String.class, RestAssured.given().when().get("/q/openapi?format=json").then().statusCode(200)
                    .extract().asString());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        OpenApiConformance conformance = store.get(OpenApiConformance.class, OpenApiConformance.class);
        RestAssured.replaceFiltersWith(RestAssured.filters().stream().filter(filter -> filter != conformance).toList());
        String document = store.get(String.class, String.class);
        assertFalse(document == null || conformance.exchanges().isEmpty(), "the tests called the service");
        assertEquals(List.of(), conformance.problems(document), "answers the OpenAPI document does not describe");
    }
}
