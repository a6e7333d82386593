package dev.heed.testkit.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Compares what a service answered in its tests with what its OpenAPI document ({@code /q/openapi})
 * promises. Installed as a RestAssured filter, it records every exchange outside {@code /q/}; then
 * {@link #problems} checks each one:
 * <ul>
 * <li>the operation (method and path template) is documented;</li>
 * <li>a 2xx status is one the operation documents (a 202 documented as 200 is a finding), and a JSON
 *     body has the documented schema's required properties with their documented types;</li>
 * <li>any 4xx/5xx is {@code application/problem+json} whose {@code status} is the HTTP status (the
 *     services' one documented error convention), except a bodiless 401/403 of the authentication
 *     layer; and, when the operation documents its own 4xx statuses (beyond 401, 403, 413, 415, 429
 *     and 503, which security, body limits and rate limits add to any operation), one of those.</li>
 * </ul>
 */
public final class OpenApiConformance implements Filter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ANY_OPERATION = List.of("401", "403", "413", "415", "429", "503");

    /** One request and its answer as the test saw it. */
    public record Exchange(String method, String path, int status, String contentType, String body) {
    }

    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
            FilterContext context) {
        Response answer = context.next(request, response);
        String path = URI.create(request.getURI()).getPath();
        if (!path.startsWith("/q/")) {
            exchanges.add(new Exchange(request.getMethod().toLowerCase(Locale.ROOT), path, answer.statusCode(),
                    answer.contentType(), answer.asString()));
        }
        return answer;
    }

    /** Records an exchange seen another way than through RestAssured. */
    public void record(Exchange exchange) {
        exchanges.add(exchange);
    }

    public List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    /** Every difference between the recorded exchanges and the document (OpenAPI JSON), each once; empty when they agree. */
    public List<String> problems(String openApiJson) {
        JsonNode document;
        try {
            document = JSON.readTree(openApiJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> problems = new ArrayList<>();
        for (Exchange exchange : exchanges) {
            String what = exchange.method().toUpperCase(Locale.ROOT) + " " + exchange.path() + " -> " + exchange.status();
            Optional<JsonNode> operation = operation(document, exchange);
            if (operation.isEmpty()) {
                problems.add(what + ": the operation is not documented");
                continue;
            }
            JsonNode responses = operation.get().path("responses");
            String status = Integer.toString(exchange.status());
            if (exchange.status() / 100 == 2) {
                if (!responses.has(status)) {
                    problems.add(what + ": documented are " + names(responses));
                    continue;
                }
                checkBody(document, responses.path(status), exchange, what, problems);
            } else if (exchange.status() >= 400) {
                boolean authenticationLayer = (exchange.status() == 401 || exchange.status() == 403)
                        && exchange.body().isBlank();
                if (authenticationLayer) {
                    // Quarkus' authentication and @RolesAllowed answer without a body, before any resource.
                    continue;
                }
                if (exchange.contentType() == null || !exchange.contentType().startsWith("application/problem+json")) {
                    problems.add(what + ": an error answered " + exchange.contentType() + ", not problem+json");
                } else if (readTree(exchange.body()).path("status").asInt() != exchange.status()) {
                    problems.add(what + ": the problem's status is not the HTTP status");
                }
                boolean documentsErrors = names(responses).stream()
                        .anyMatch(name -> name.startsWith("4") && !ANY_OPERATION.contains(name));
                if (documentsErrors && !responses.has(status) && !ANY_OPERATION.contains(status)) {
                    problems.add(what + ": documented are " + names(responses));
                }
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(problems));
    }

    private static void checkBody(JsonNode document, JsonNode response, Exchange exchange, String what,
            List<String> problems) {
        if (exchange.contentType() == null || !exchange.contentType().startsWith("application/json")) {
            return;
        }
        JsonNode content = response.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            if (!exchange.body().isBlank()) {
                problems.add(what + ": a JSON body, but the response documents none");
            }
            return;
        }
        if (!content.has("application/json")) {
            problems.add(what + ": documented as " + names(content) + ", answered application/json");
            return;
        }
        JsonNode schema = content.path("application/json").path("schema");
        if (schema.isMissingNode()) {
            return; // documented as JSON of no particular shape
        }
        conforms(document, schema, readTree(exchange.body()), "$", what, problems, 0);
    }

    /** The required properties and the types of the documented schema, a few levels deep. */
    private static void conforms(JsonNode document, JsonNode schema, JsonNode value, String at, String what,
            List<String> problems, int depth) {
        schema = resolve(document, schema);
        if (depth > 4 || value == null || value.isNull()) {
            return;
        }
        String type = schema.path("type").isArray() ? schema.path("type").path(0).asText() : schema.path("type").asText();
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    problems.add(what + ": " + at + " is not an object");
                    return;
                }
                schema.path("required").forEach(name -> {
                    if (!value.has(name.asText())) {
                        problems.add(what + ": " + at + "." + name.asText() + " is required but absent");
                    }
                });
                Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
                while (properties.hasNext()) {
                    Map.Entry<String, JsonNode> property = properties.next();
                    if (value.has(property.getKey())) {
                        conforms(document, property.getValue(), value.get(property.getKey()),
                                at + "." + property.getKey(), what, problems, depth + 1);
                    }
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(what + ": " + at + " is not an array");
                    return;
                }
                for (int i = 0; i < Math.min(value.size(), 3); i++) {
                    conforms(document, schema.path("items"), value.get(i), at + "[" + i + "]", what, problems, depth + 1);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(what + ": " + at + " is not a string");
                } else if (schema.has("enum") && !contains(schema.path("enum"), value.asText())) {
                    problems.add(what + ": " + at + " is not one of the documented values");
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(what + ": " + at + " is not an integer");
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    problems.add(what + ": " + at + " is not a number");
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(what + ": " + at + " is not a boolean");
                }
            }
            default -> {
                // No type (a oneOf, an open schema): nothing to compare.
            }
        }
    }

    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        for (int i = 0; i < 10 && schema.has("$ref"); i++) {
            schema = document.at(schema.path("$ref").asText().substring(1));
        }
        if (schema.has("allOf") && !schema.has("type")) {
            for (JsonNode part : schema.path("allOf")) {
                JsonNode resolved = resolve(document, part);
                if (resolved.has("type")) {
                    return resolved;
                }
            }
        }
        return schema;
    }

    private static Optional<JsonNode> operation(JsonNode document, Exchange exchange) {
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            String regex = Pattern.quote(path.getKey()).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
            if (Pattern.matches(regex, exchange.path()) && path.getValue().has(exchange.method())) {
                return Optional.of(path.getValue().path(exchange.method()));
            }
        }
        return Optional.empty();
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static boolean contains(JsonNode values, String value) {
        for (JsonNode candidate : values) {
            if (candidate.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode readTree(String body) {
        try {
            return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.nullNode();
        }
    }
}
