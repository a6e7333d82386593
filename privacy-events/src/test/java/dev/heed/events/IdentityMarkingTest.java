package dev.heed.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fields that carry identity values or other personal data are marked {@code "x-heed-identity": true}
 * in the schemas; the audit log stores every value under a marked field as {@code "[redacted]"}.
 * A field named like an identity that is not marked would reach the audit log unredacted.
 */
class IdentityMarkingTest {

    static final String MARKER = "x-heed-identity";
    private static final Pattern IDENTITY_NAME = Pattern.compile("(?i).*(identit|e-?mail|phone|customer|address).*");
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @EnumSource(EventType.class)
    void everyFieldNamedLikeAnIdentityIsMarked(EventType type) throws IOException {
        Map<String, JsonNode> properties = properties(type);
        properties.forEach((path, property) -> {
            if (IDENTITY_NAME.matcher(last(path)).matches()) {
                assertTrue(property.path(MARKER).asBoolean(false), type.type() + " " + path + " must be marked " + MARKER);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(EventType.class)
    void theMarkerIsAlwaysTheBooleanTrueAndNeverOnASubjectKey(EventType type) throws IOException {
        properties(type).forEach((path, property) -> {
            if (property.has(MARKER)) {
                assertTrue(property.get(MARKER).isBoolean() && property.get(MARKER).asBoolean(), path);
                assertFalse(last(path).toLowerCase().contains("subjectkey"),
                        "a subject key is the pseudonymous reference the audit log keeps: " + path);
            }
        });
    }

    @Test
    void aDirectivesIdentitiesAndParametersAreMarked() throws IOException {
        Map<String, JsonNode> properties = properties(EventType.DIRECTIVE_ISSUED);
        Set<String> marked = new TreeSet<>();
        properties.forEach((path, property) -> {
            if (property.path(MARKER).asBoolean(false)) {
                marked.add(path);
            }
        });
        assertEquals(Set.of("/identities", "/parameters"), marked);
    }

    /** Every property of the type's schema by JSON pointer, nested inline objects included. */
    static Map<String, JsonNode> properties(EventType type) throws IOException {
        try (InputStream in = EventType.class.getResourceAsStream(type.schema())) {
            Map<String, JsonNode> found = new TreeMap<>();
            collect("", JSON.readTree(in), found);
            return found;
        }
    }

    private static void collect(String path, JsonNode schema, Map<String, JsonNode> found) {
        schema.path("properties").properties().forEach(entry -> {
            String at = path + "/" + entry.getKey();
            found.put(at, entry.getValue());
            collect(at, entry.getValue(), found);
        });
    }

    private static String last(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
