package dev.heed.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The AsyncAPI document, the schema files and the code name the same topics, types and producers. */
class AsyncApiContractTest {

    private static JsonNode asyncapi;

    @BeforeAll
    static void readDocument() throws IOException {
        try (InputStream in = AsyncApiContractTest.class.getResourceAsStream("/asyncapi.yaml")) {
            assertNotNull(in, "asyncapi.yaml is packaged");
            asyncapi = new YAMLMapper().readTree(in);
        }
        assertEquals("3.0.0", asyncapi.path("asyncapi").asText());
    }

    @Test
    void namesEachEnvironmentsServerWithItsSecurity() {
        JsonNode servers = asyncapi.path("servers");
        assertEquals("kafka-secure", servers.path("kubernetes").path("protocol").asText());
        assertEquals("heed-kafka-bootstrap.heed.svc:9093", servers.path("kubernetes").path("host").asText());
        assertEquals("127.0.0.1:19092", servers.path("local").path("host").asText());
        assertEquals("kafka", servers.path("local").path("protocol").asText());
        assertTrue(servers.path("local").path("security").isMissingNode(), "the local stack has no authentication");
        for (String secured : List.of("kubernetes", "testKit")) {
            assertEquals("#/components/securitySchemes/scramSha512",
                    servers.path(secured).path("security").path(0).path("$ref").asText(), secured);
        }
        assertEquals("scramSha512", asyncapi.path("components").path("securitySchemes").path("scramSha512")
                .path("type").asText());
    }

    @Test
    void bindsTheSystemsConsumerGroupAndStartOffset() {
        JsonNode receive = asyncapi.path("operations").path("downstreamSystem.receiveDirectives");
        java.util.regex.Pattern group = java.util.regex.Pattern.compile(
                receive.path("bindings").path("kafka").path("groupId").path("pattern").asText());
        assertTrue(group.matcher("support-desk").matches());
        assertTrue(group.matcher("support-desk.replay").matches());
        assertFalse(group.matcher("Support Desk").matches());
        assertEquals("earliest", receive.path("x-heed-start-offset").asText());
        assertEquals("#/channels/deadLetters", asyncapi.path("operations").path("downstreamSystem.receiveAckRefusals")
                .path("channel").path("$ref").asText());
    }

    @Test
    void documentsExactlyTheTopicsTheCodeNames() throws IllegalAccessException {
        Set<String> inCode = topicConstants();
        Set<String> inDocument = stream(asyncapi.path("channels")).map(channel -> channel.path("address").asText())
                .collect(Collectors.toCollection(TreeSet::new));

        assertEquals(inCode, inDocument);
        assertTrue(inCode.containsAll(Topics.fixed()));
    }

    @Test
    void everyTopicCarriesSomeEventTypeExceptTheDeadLetterTopics() throws IllegalAccessException {
        Set<String> carried = Arrays.stream(EventType.values()).map(EventType::topic)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> documentedExceptions = Set.of(Topics.DLQ_CHANNEL);
        Set<String> expected = new TreeSet<>(topicConstants());
        expected.removeAll(documentedExceptions);

        assertEquals(expected, carried);
    }

    @Test
    void documentsExactlyTheEventTypesTheCodeNames() {
        Set<String> inCode = Arrays.stream(EventType.values()).map(EventType::type)
                .collect(Collectors.toCollection(TreeSet::new));

        assertEquals(inCode, new TreeSet<>(messagesByType().keySet()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(EventType.class)
    void describesEachTypesHeadersPayloadAndKey(EventType type) {
        String messageId = messagesByType().get(type.type());
        assertNotNull(messageId, type.type());
        JsonNode message = asyncapi.path("components").path("messages").path(messageId);

        assertEquals(type.type(), message.path("name").asText());
        assertEquals(type.dataschema().toString(), headerConst(message, "ce_dataschema"));
        String schemaRef = message.path("payload").path("schema").path("$ref").asText();
        assertEquals("." + type.schema(), schemaRef);
        assertNotNull(getClass().getResource(type.schema()), "schema file " + type.schema() + " exists");
        assertEquals("application/schema+json;version=draft-2020-12",
                message.path("payload").path("schemaFormat").asText());
        assertFalse(message.path("bindings").path("kafka").path("key").path("description").asText().isBlank(),
                "the Kafka key is described");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(EventType.class)
    void putsEachTypeOnItsTopic(EventType type) {
        String messageId = messagesByType().get(type.type());
        Set<String> addresses = stream(asyncapi.path("channels"))
                .filter(channel -> stream(channel.path("messages"))
                        .anyMatch(ref -> ref.path("$ref").asText().equals("#/components/messages/" + messageId)))
                .map(channel -> channel.path("address").asText())
                .collect(Collectors.toSet());

        assertEquals(Set.of(type.topic()), addresses);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(EventType.class)
    void namesTheApplicationsThatProduceEachType(EventType type) {
        String messageId = messagesByType().get(type.type());
        Set<String> producers = new TreeSet<>();
        asyncapi.path("operations").forEach(operation -> {
            boolean sendsIt = operation.path("action").asText().equals("send") && stream(operation.path("messages"))
                    .map(ref -> resolve(ref.path("$ref").asText()).path("$ref").asText())
                    .anyMatch(("#/components/messages/" + messageId)::equals);
            if (sendsIt) {
                operation.path("tags").forEach(tag -> producers.add(tag.path("name").asText()));
            }
        });

        assertEquals(type.producers().stream().map(Application::id).collect(Collectors.toCollection(TreeSet::new)),
                producers);
    }

    @Test
    void everyOperationSendsOrReceivesMessagesOfItsOwnChannel() {
        List<String> problems = new ArrayList<>();
        Set<String> knownApplications = Arrays.stream(Application.values()).map(Application::id)
                .collect(Collectors.toSet());
        asyncapi.path("operations").properties().forEach(entry -> {
            JsonNode operation = entry.getValue();
            String channelRef = operation.path("channel").path("$ref").asText();
            if (!Set.of("send", "receive").contains(operation.path("action").asText())) {
                problems.add(entry.getKey() + ": action");
            }
            operation.path("messages").forEach(message -> {
                if (!message.path("$ref").asText().startsWith(channelRef + "/messages/")) {
                    problems.add(entry.getKey() + ": message of another channel");
                }
            });
            operation.path("tags").forEach(tag -> {
                if (!knownApplications.contains(tag.path("name").asText())) {
                    problems.add(entry.getKey() + ": unknown application " + tag.path("name").asText());
                }
            });
        });

        assertEquals(List.of(), problems);
    }

    @Test
    void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(asyncapi, refs);
        List<String> dangling = refs.stream()
                .filter(ref -> ref.startsWith("#") ? resolve(ref).isMissingNode()
                        : getClass().getResource(ref.substring(1)) == null)
                .toList();

        assertFalse(refs.isEmpty());
        assertEquals(List.of(), dangling);
    }

    @Test
    void everySchemaFileBelongsToAnEventType() throws IOException, URISyntaxException {
        Path directory = Path.of(getClass().getResource("/schemas").toURI());
        Set<String> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.map(path -> "/schemas/" + path.getFileName()).collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> expected = Arrays.stream(EventType.values()).map(EventType::schema)
                .collect(Collectors.toCollection(TreeSet::new));
        expected.add("/schemas/common.json");

        assertEquals(expected, files);
    }

    /** The values of Topics' string constants; the regex patterns are not topic names. */
    private static Set<String> topicConstants() throws IllegalAccessException {
        Set<String> topics = new TreeSet<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class
                    && !field.getName().endsWith("_PATTERN")) {
                topics.add((String) field.get(null));
            }
        }
        return topics;
    }

    /** Messages carrying a fixed {@code ce_type}, by that type (tombstones and dead letters carry none). */
    private static Map<String, String> messagesByType() {
        Map<String, String> byType = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        asyncapi.path("components").path("messages").properties().forEach(entry -> {
            String type = headerConst(entry.getValue(), "ce_type");
            if (type != null) {
                assertTrue(seen.add(type), "one message per type: " + type);
                byType.put(type, entry.getKey());
            }
        });
        return byType;
    }

    private static String headerConst(JsonNode message, String header) {
        return stream(message.path("headers").path("allOf"))
                .map(part -> part.path("properties").path(header).path("const"))
                .filter(JsonNode::isTextual)
                .map(JsonNode::asText)
                .findFirst()
                .orElse(null);
    }

    private static JsonNode resolve(String localRef) {
        return asyncapi.at(localRef.substring(1));
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.has("$ref")) {
            refs.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectRefs(child, refs));
    }

    private static Stream<JsonNode> stream(JsonNode node) {
        return StreamSupport.stream(node.spliterator(), false);
    }
}
