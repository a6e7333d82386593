package dev.heed.testkit.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.heed.testkit.openapi.OpenApiConformance.Exchange;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenApiConformanceTest {

    private static final String DOCUMENT = """
            {"paths": {
              "/public/v1/requests": {"post": {"responses": {
                "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Progress"}}}},
                "400": {"description": "invalid"}}}},
              "/public/v1/requests/{id}": {"get": {"responses": {
                "200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Progress"}}}}}}}},
             "components": {"schemas": {"Progress": {"type": "object", "required": ["id", "status"], "properties": {
               "id": {"type": "string"}, "status": {"type": "string", "enum": ["RECEIVED", "CLOSED"]},
               "count": {"type": "integer"}}}}}}
            """;

    @Test
    void aDocumentedAnswerHasNoProblem() {
        assertEquals(List.of(), problems(new Exchange("get", "/public/v1/requests/42", 200, "application/json",
                "{\"id\": \"42\", \"status\": \"RECEIVED\", \"count\": 3}")));
    }

    @Test
    void anUndocumentedSuccessStatusIsAProblem() {
        assertEquals(List.of("POST /public/v1/requests -> 202: documented are [200, 400]"), problems(new Exchange(
                "post", "/public/v1/requests", 202, "application/json", "{\"id\": \"1\", \"status\": \"RECEIVED\"}")));
    }

    @Test
    void aBodyThatDiffersFromItsSchemaIsAProblem() {
        assertEquals(List.of("GET /public/v1/requests/7 -> 200: $.status is required but absent",
                "GET /public/v1/requests/7 -> 200: $.count is not an integer"), problems(new Exchange("get",
                "/public/v1/requests/7", 200, "application/json", "{\"id\": \"7\", \"count\": \"three\"}")));
        assertEquals(List.of("GET /public/v1/requests/7 -> 200: $.status is not one of the documented values"),
                problems(new Exchange("get", "/public/v1/requests/7", 200, "application/json",
                        "{\"id\": \"7\", \"status\": \"LOST\"}")));
    }

    @Test
    void undocumentedOperationsAndErrorsOutsideTheConventionAreProblems() {
        assertEquals(List.of("DELETE /public/v1/requests/7 -> 204: the operation is not documented"),
                problems(new Exchange("delete", "/public/v1/requests/7", 204, null, "")));
        assertEquals(List.of("POST /public/v1/requests -> 400: an error answered text/plain, not problem+json"),
                problems(new Exchange("post", "/public/v1/requests", 400, "text/plain", "bad")));
        assertEquals(List.of("POST /public/v1/requests -> 409: documented are [200, 400]"), problems(new Exchange(
                "post", "/public/v1/requests", 409, "application/problem+json", "{\"status\": 409}")));
        assertEquals(List.of(), problems(new Exchange("post", "/public/v1/requests", 429, "application/problem+json",
                "{\"status\": 429}")));
    }

    private static List<String> problems(Exchange exchange) {
        OpenApiConformance conformance = new OpenApiConformance();
        conformance.record(exchange);
        return conformance.problems(DOCUMENT);
    }
}
