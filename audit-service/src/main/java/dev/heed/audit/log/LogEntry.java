package dev.heed.audit.log;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heed.audit.verify.CanonicalJson;
import java.time.Instant;

/**
 * One leaf of the log: the canonical bytes of the stored record (what the leaf hash covers) and
 * the fields queries select by, copied from it.
 */
public record LogEntry(long leafIndex, String eventSource, String eventId, String type, String topic,
        String subjectKey, String directiveId, String requestId, String actor, Instant time, String canonical) {

    public static LogEntry of(long leafIndex, JsonNode record) {
        return new LogEntry(leafIndex, record.path("source").asText(), record.path("id").asText(),
                record.path("type").asText(), text(record, "topic"), text(record, "subject"),
                text(record, "directiveId"), text(record, "requestId"), text(record, "actor"),
                Instant.parse(record.path("time").asText()), new String(CanonicalJson.of(record), UTF_8));
    }

    public byte[] canonicalBytes() {
        return canonical.getBytes(UTF_8);
    }

    private static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
