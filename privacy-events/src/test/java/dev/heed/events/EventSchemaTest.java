package dev.heed.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.heed.events.consent.Decision;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The JSON Schemas describe exactly what the Java types write and accept. */
class EventSchemaTest {

    private static final ObjectMapper JSON = EventJson.mapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(EventType.SCHEMA_BASE, "classpath:schemas/")));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();
    private static final String RAW_IDENTIFIER = "ada@example.com";

    @ParameterizedTest(name = "{0}")
    @EnumSource(EventType.class)
    void theExampleWrittenByTheJavaTypeValidatesAgainstItsSchema(EventType type) {
        JsonNode json = JSON.valueToTree(Examples.of(type));

        assertEquals(Set.of(), validate(type, json));
        Set<String> written = fieldNames(json);
        assertEquals(componentNames(type), written, "the example sets every field, so every mapping is checked");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(EventType.class)
    void aBrokenInstanceFailsValidation(EventType type) {
        ObjectNode broken = JSON.valueToTree(Examples.of(type));
        broken.putObject(firstRequired(type));

        assertFalse(validate(type, broken).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(EventType.class)
    void theSchemaDescribesExactlyTheRecordsFields(EventType type) throws IOException {
        assertEquals(componentNames(type), schemaProperties(type));
        JsonNode schema = read(type.schema());
        assertEquals(type.dataschema().toString(), schema.path("$id").asText());
        assertEquals("https://json-schema.org/draft/2020-12/schema", schema.path("$schema").asText());
    }

    /**
     * For each field: leave it out, and give it a value of the wrong form. The schema must accept
     * exactly what the Java type accepts, so neither side is stricter than the other.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(EventType.class)
    void schemaAndJavaTypeAcceptAndRejectTheSameInstances(EventType type) {
        ObjectNode example = JSON.valueToTree(Examples.of(type));
        List<String> disagreements = new ArrayList<>();
        int rejected = 0;
        for (RecordComponent component : type.payload().getRecordComponents()) {
            for (Map.Entry<String, ObjectNode> mutation : mutations(example, component).entrySet()) {
                boolean java = javaAccepts(type, mutation.getValue());
                boolean schema = validate(type, mutation.getValue()).isEmpty();
                if (java != schema) {
                    disagreements.add(mutation.getKey() + ": java " + verdict(java) + ", schema " + verdict(schema));
                }
                rejected += java ? 0 : 1;
            }
        }
        assertEquals(List.of(), disagreements);
        assertTrue(rejected > 0, "some mutation must be rejected, or this test could not fail");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = EventType.class, names = {"CONSENT_GRANTED", "CONSENT_DENIED", "CONSENT_WITHDRAWN",
        "CONSENT_EXPIRED"})
    void aConsentTypeAcceptsOnlyItsOwnDecision(EventType type) {
        for (Decision decision : Decision.values()) {
            ObjectNode json = JSON.valueToTree(Examples.of(type));
            json.put("decision", decision.name());
            assertEquals(decision.eventType() == type, validate(type, json).isEmpty(), decision.name());
        }
    }

    @Test
    void aPurgeDirectiveNeedsNoSubjectButEveryOtherKindDoes() {
        ObjectNode json = JSON.valueToTree(Examples.of(EventType.DIRECTIVE_ISSUED));
        json.remove("subjectKey");
        json.remove("identities");

        json.put("kind", "PURGE");
        assertEquals(Set.of(), validate(EventType.DIRECTIVE_ISSUED, json));
        assertTrue(javaAccepts(EventType.DIRECTIVE_ISSUED, json));
        json.put("kind", "EXPORT");
        assertFalse(validate(EventType.DIRECTIVE_ISSUED, json).isEmpty());
        assertFalse(javaAccepts(EventType.DIRECTIVE_ISSUED, json));
    }

    @Test
    void aHoldsScopeMustMatchTheSubjectsItNames() {
        ObjectNode json = JSON.valueToTree(Examples.of(EventType.RETENTION_HOLD_PLACED));
        Map<String, Boolean> accepted = new TreeMap<>();
        for (String scope : List.of("SUBJECT", "CASE", "DATA_CATEGORY")) {
            json.put("scope", scope);
            accepted.put(scope, agreedVerdict(json));
        }
        json.remove("subjectKeys");
        json.put("scope", "DATA_CATEGORY");
        accepted.put("DATA_CATEGORY without subjects", agreedVerdict(json));
        json.remove("scope");
        accepted.put("no scope, no subjects", agreedVerdict(json));

        assertEquals(Map.of("SUBJECT", false, "CASE", true, "DATA_CATEGORY", false,
                "DATA_CATEGORY without subjects", true, "no scope, no subjects", true), accepted);
    }

    /** Java and the schema give the same verdict; this returns it. */
    private static boolean agreedVerdict(ObjectNode json) {
        boolean java = javaAccepts(EventType.RETENTION_HOLD_PLACED, json);
        assertEquals(java, validate(EventType.RETENTION_HOLD_PLACED, json).isEmpty(), json.toString());
        return java;
    }

    @Test
    void everyEnumInTheSchemasListsTheJavaEnumsConstants() throws IOException {
        JsonNode defs = read("/schemas/common.json").path("$defs");
        Map<String, Set<String>> inSchemas = new TreeMap<>();
        defs.properties().forEach(def -> {
            if (def.getValue().has("enum")) {
                inSchemas.put(def.getKey(), StreamSupport.stream(def.getValue().get("enum").spliterator(), false)
                        .map(JsonNode::asText).collect(Collectors.toCollection(TreeSet::new)));
            }
        });
        Map<String, Set<String>> inJava = Arrays.stream(EventType.values())
                .flatMap(type -> Arrays.stream(type.payload().getRecordComponents()))
                .flatMap(component -> enumsIn(component.getGenericType()).stream())
                .distinct()
                .collect(Collectors.toMap(Class::getSimpleName, EventSchemaTest::constants, (a, b) -> a, TreeMap::new));

        assertEquals(inJava, inSchemas);
    }

    private static Map<String, ObjectNode> mutations(ObjectNode example, RecordComponent component) {
        String field = component.getName();
        Map<String, ObjectNode> mutations = new TreeMap<>();
        ObjectNode absent = example.deepCopy();
        absent.remove(field);
        mutations.put(field + " absent", absent);
        Class<?> type = component.getType();
        if (type.isEnum() || type == UUID.class || type == Instant.class || type == Period.class
                || type == LocalDate.class) {
            mutations.put(field + " malformed", with(example, field, "not-a-" + type.getSimpleName()));
        }
        if (field.equals("subjectKey")) {
            mutations.put(field + " raw identifier", with(example, field, RAW_IDENTIFIER));
        }
        return mutations;
    }

    private static ObjectNode with(ObjectNode example, String field, String value) {
        ObjectNode copy = example.deepCopy();
        copy.put(field, value);
        return copy;
    }

    private static boolean javaAccepts(EventType type, JsonNode json) {
        try {
            JSON.treeToValue(json, type.payload());
            return true;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String verdict(boolean accepted) {
        return accepted ? "accepts" : "rejects";
    }

    private static Set<ValidationMessage> validate(EventType type, JsonNode json) {
        JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(type.dataschema().toString()), CONFIG);
        return schema.validate(json);
    }

    private static String firstRequired(EventType type) {
        return JSON.convertValue(resolved(type).path("required"), String[].class)[0];
    }

    /** The schema's properties, including those of a shared definition it refers to. */
    private static Set<String> schemaProperties(EventType type) throws IOException {
        JsonNode schema = read(type.schema());
        Set<String> properties = fieldNames(schema.path("properties"));
        properties.addAll(fieldNames(resolved(type).path("properties")));
        return properties;
    }

    private static JsonNode resolved(EventType type) {
        try {
            JsonNode schema = read(type.schema());
            String ref = schema.path("$ref").asText("");
            return ref.startsWith("common.json#") ? read("/schemas/common.json").at(ref.substring(12)) : schema;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String resource) throws IOException {
        try (InputStream in = EventSchemaTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            return JSON.readTree(in);
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> componentNames(EventType type) {
        return Arrays.stream(type.payload().getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<Class<?>> enumsIn(Type type) {
        Set<Class<?>> enums = new HashSet<>();
        if (type instanceof Class<?> cls && cls.isEnum()) {
            enums.add(cls);
        } else if (type instanceof ParameterizedType parameterized) {
            Arrays.stream(parameterized.getActualTypeArguments()).map(EventSchemaTest::enumsIn).forEach(enums::addAll);
        }
        return enums;
    }

    private static Set<String> constants(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants()).map(constant -> ((Enum<?>) constant).name())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
