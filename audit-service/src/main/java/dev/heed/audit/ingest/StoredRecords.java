package dev.heed.audit.ingest;

import static dev.heed.audit.EntryTypes.DEAD_LETTER;
import static dev.heed.audit.EntryTypes.TOMBSTONE;
import static dev.heed.audit.EntryTypes.UNREADABLE;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.DeadLetterHeaders;
import dev.heed.events.EventType;
import dev.heed.events.subject.SubjectKeys;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns a Kafka record into the record the audit log stores: time, source, type, subject key,
 * directive and request ids, the actor, and the data with identity values removed.
 *
 * <p>A CloudEvent is known by its source and id, so a redelivered or re-sent event is stored once.
 * Records that are not CloudEvents get a deterministic id from where they are in the log
 * ({@code <partition>-<offset>}, source {@code kafka:<topic>}): tombstones (only their key is kept,
 * itself a subject key or an id), dead letters (only the dead-letter headers are kept, never the
 * value, which may be anything), and records that cannot be read.
 */
public final class StoredRecords {

    private static final String DLQ_SUFFIX = ".dlq";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final IdentityRedaction redaction;

    public StoredRecords(IdentityRedaction redaction) {
        this.redaction = redaction;
    }

    public IntakeRow of(ConsumerRecord<String, byte[]> record, Instant receivedAt) {
        ObjectNode stored = of(record);
        stored.put("receivedAt", receivedAt.toString());
        return new IntakeRow(stored.get("source").asText(), stored.get("id").asText(), text(stored), receivedAt);
    }

    /** A record the service writes itself, e.g. an audit query: data is already free of identities. */
    public static IntakeRow direct(String source, String id, String type, String subjectKey, Instant time,
            JsonNode data) {
        ObjectNode stored = JsonNodeFactory.instance.objectNode();
        stored.put("id", id);
        stored.put("source", source);
        stored.put("type", type);
        stored.put("time", time.toString());
        if (subjectKey != null) {
            stored.put("subject", SubjectKeys.require(subjectKey, "subject"));
        }
        copyIds(data, stored);
        stored.set("data", data);
        stored.put("receivedAt", time.toString());
        return new IntakeRow(source, id, text(stored), time);
    }

    private ObjectNode of(ConsumerRecord<String, byte[]> record) {
        String topic = record.topic();
        if (topic.endsWith(DLQ_SUFFIX)) {
            return deadLetter(record);
        }
        if (record.value() == null) {
            return tombstone(record);
        }
        String id = header(record, CloudEventHeaders.ID);
        String source = header(record, CloudEventHeaders.SOURCE);
        String type = header(record, CloudEventHeaders.TYPE);
        JsonNode data = json(record.value());
        if (isBlank(id) || isBlank(source) || isBlank(type) || data == null) {
            ObjectNode stored = located(record, UNREADABLE);
            stored.putObject("data").put("reason", data == null ? "the value is not JSON" : "not a CloudEvent");
            return stored;
        }
        ObjectNode stored = JsonNodeFactory.instance.objectNode();
        stored.put("id", IdentityRedaction.scrub(id));
        stored.put("source", IdentityRedaction.scrub(source));
        stored.put("type", knownOr(type, IdentityRedaction.scrub(type)));
        stored.put("time", time(record));
        stored.put("topic", topic);
        JsonNode redacted = redaction.redact(type, data);
        String subject = subjectKey(header(record, CloudEventHeaders.SUBJECT));
        if (subject == null) {
            subject = subjectKey(redacted.path("subjectKey").asText(null));
        }
        if (subject != null) {
            stored.put("subject", subject);
        }
        copyIds(redacted, stored);
        stored.set("data", redacted);
        return stored;
    }

    private static ObjectNode tombstone(ConsumerRecord<String, byte[]> record) {
        ObjectNode stored = located(record, TOMBSTONE);
        String key = record.key();
        // A consent-state key is '<subject key>/<purpose id>'.
        if (key != null) {
            String subject = subjectKey(key.contains("/") ? key.substring(0, key.indexOf('/')) : key);
            if (subject != null) {
                stored.put("subject", subject);
            }
        }
        stored.putObject("data").put("key", IdentityRedaction.scrub(key));
        return stored;
    }

    private static ObjectNode deadLetter(ConsumerRecord<String, byte[]> record) {
        ObjectNode stored = located(record, DEAD_LETTER);
        String subject = subjectKey(header(record, CloudEventHeaders.SUBJECT));
        if (subject != null) {
            stored.put("subject", subject);
        }
        ObjectNode data = stored.putObject("data");
        putScrubbed(data, "originalTopic", header(record, DeadLetterHeaders.TOPIC));
        putScrubbed(data, "originalPartition", header(record, DeadLetterHeaders.PARTITION));
        putScrubbed(data, "originalOffset", header(record, DeadLetterHeaders.OFFSET));
        putScrubbed(data, "originalId", header(record, CloudEventHeaders.ID));
        putScrubbed(data, "originalSource", header(record, CloudEventHeaders.SOURCE));
        String type = header(record, CloudEventHeaders.TYPE);
        if (type != null && EventType.find(type).isPresent()) {
            data.put("originalType", type);
        }
        // Class names only: the reason and cause messages may quote the rejected value.
        putScrubbed(data, "exceptionClass", header(record, DeadLetterHeaders.EXCEPTION_CLASS_NAME));
        putScrubbed(data, "causeClass", header(record, DeadLetterHeaders.CAUSE_CLASS_NAME));
        return stored;
    }

    private static ObjectNode located(ConsumerRecord<String, byte[]> record, String type) {
        ObjectNode stored = JsonNodeFactory.instance.objectNode();
        stored.put("id", record.partition() + "-" + record.offset());
        stored.put("source", "kafka:" + record.topic());
        stored.put("type", type);
        stored.put("time", Instant.ofEpochMilli(record.timestamp()).toString());
        stored.put("topic", record.topic());
        return stored;
    }

    /** The references the log is queried by, copied from the (redacted) data. */
    private static void copyIds(JsonNode data, ObjectNode stored) {
        putText(stored, "directiveId", data.path("directiveId"));
        putText(stored, "requestId", first(data, "requestId", "reference", "decisionId", "runId"));
        putText(stored, "actor", first(data, "actor", "placedBy", "releasedBy", "changedBy"));
    }

    private static JsonNode first(JsonNode data, String... fields) {
        for (String field : fields) {
            if (data.path(field).isTextual()) {
                return data.get(field);
            }
        }
        return null;
    }

    private static void putText(ObjectNode stored, String field, JsonNode value) {
        if (value != null && value.isTextual() && !value.asText().equals(IdentityRedaction.REDACTED)) {
            stored.put(field, value.asText());
        }
    }

    private static void putScrubbed(ObjectNode data, String field, String value) {
        if (value != null) {
            data.put(field, IdentityRedaction.scrub(value));
        }
    }

    private static String knownOr(String type, String scrubbed) {
        return EventType.find(type).isPresent() ? type : scrubbed;
    }

    private static String time(ConsumerRecord<String, byte[]> record) {
        String time = header(record, CloudEventHeaders.TIME);
        if (time != null) {
            try {
                return OffsetDateTime.parse(time).toInstant().toString();
            } catch (DateTimeParseException e) {
                // Not RFC 3339: the broker's timestamp is the next best.
            }
        }
        return Instant.ofEpochMilli(record.timestamp()).toString();
    }

    private static String subjectKey(String value) {
        return SubjectKeys.isSubjectKey(value) ? value : null;
    }

    private static JsonNode json(byte[] value) {
        try {
            JsonNode node = JSON.readTree(value);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), UTF_8);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String text(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }
}
