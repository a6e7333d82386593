package dev.heed.audit.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.heed.events.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes identity values from an event's data before it is stored. Which fields hold them is
 * read from the event's JSON Schema in privacy-events ({@code "x-heed-identity": true}): every
 * value under such a field becomes {@code "[redacted]"}, keeping the object keys (the kinds of
 * identity, the names of corrected fields). Any e-mail address left in free text is redacted too,
 * except in the fields naming the operator who acted. Data of a type Heed does not know is dropped
 * whole, since nothing says what it holds.
 */
public final class IdentityRedaction {

    public static final String REDACTED = "[redacted]";
    public static final String MARKER = "x-heed-identity";
    /** Who did it: accountability needs the operator's name, even when it is an address. */
    public static final Set<String> ACTOR_FIELDS = Set.of("actor", "placedBy", "releasedBy", "changedBy");

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, List<List<String>>> markedPaths;

    private IdentityRedaction(Map<String, List<List<String>>> markedPaths) {
        this.markedPaths = markedPaths;
    }

    /** The marked fields of every Heed event type, read once from the schemas. */
    public static IdentityRedaction fromSchemas() {
        Map<String, List<List<String>>> marked = new HashMap<>();
        for (EventType type : EventType.values()) {
            try (InputStream in = EventType.class.getResourceAsStream(type.schema())) {
                if (in == null) {
                    throw new IllegalStateException("the schema of " + type.type() + " is missing");
                }
                List<List<String>> paths = new ArrayList<>();
                collect(List.of(), JSON.readTree(in), paths);
                marked.put(type.type(), List.copyOf(paths));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new IdentityRedaction(Map.copyOf(marked));
    }

    /** The data as stored; never the input node itself. */
    public JsonNode redact(String type, JsonNode data) {
        List<List<String>> paths = markedPaths.get(type);
        if (paths == null) {
            return TextNode.valueOf(REDACTED);
        }
        JsonNode copy = data.deepCopy();
        for (List<String> path : paths) {
            redactAt(copy, path);
        }
        return scrub(copy, true);
    }

    /** Free text with every e-mail address replaced. */
    public static String scrub(String text) {
        return text == null ? null : EMAIL.matcher(text).replaceAll(REDACTED);
    }

    private static void collect(List<String> path, JsonNode schema, List<List<String>> out) {
        Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            List<String> at = new ArrayList<>(path);
            at.add(property.getKey());
            if (property.getValue().path(MARKER).asBoolean(false)) {
                out.add(List.copyOf(at));
            } else {
                collect(at, property.getValue(), out);
            }
        }
    }

    private static void redactAt(JsonNode node, List<String> path) {
        JsonNode parent = node;
        for (String name : path.subList(0, path.size() - 1)) {
            parent = parent.path(name);
        }
        String field = path.get(path.size() - 1);
        if (parent instanceof ObjectNode object && object.has(field)) {
            object.set(field, redactValues(object.get(field)));
        }
    }

    private static JsonNode redactValues(JsonNode node) {
        if (node.isObject()) {
            ObjectNode redacted = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(entry -> redacted.set(scrub(entry.getKey()), redactValues(entry.getValue())));
            return redacted;
        }
        if (node.isArray()) {
            ArrayNode redacted = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> redacted.add(redactValues(element)));
            return redacted;
        }
        return node.isNull() ? node : TextNode.valueOf(REDACTED);
    }

    private static JsonNode scrub(JsonNode node, boolean topLevel) {
        if (node.isTextual()) {
            return TextNode.valueOf(scrub(node.textValue()));
        }
        if (node.isArray()) {
            ArrayNode scrubbed = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> scrubbed.add(scrub(element, false)));
            return scrubbed;
        }
        if (node.isObject()) {
            ObjectNode scrubbed = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(entry -> scrubbed.set(scrub(entry.getKey()),
                    topLevel && ACTOR_FIELDS.contains(entry.getKey()) ? entry.getValue()
                            : scrub(entry.getValue(), false)));
            return scrubbed;
        }
        return node;
    }
}
