package dev.heed.audit.log;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heed.audit.verify.CanonicalJson;
import dev.heed.events.subject.SubjectKeys;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One leaf of the log: the canonical bytes of the stored record (what the leaf hash covers) and
 * the fields queries select by, copied from it.
 */
public record LogEntry(long leafIndex, String eventSource, String eventId, String type, String topic,
        List<String> subjectKeys, String directiveId, String requestId, String actor, Instant time,
        String canonical) {

    public static LogEntry of(long leafIndex, JsonNode record) {
        return new LogEntry(leafIndex, record.path("source").asText(), record.path("id").asText(),
                record.path("type").asText(), text(record, "topic"), subjectKeys(record),
                text(record, "directiveId"), text(record, "requestId"), text(record, "actor"),
                Instant.parse(record.path("time").asText()), new String(CanonicalJson.of(record), UTF_8));
    }

    public byte[] canonicalBytes() {
        return canonical.getBytes(UTF_8);
    }

    /** The record's subject and every subject key its data names (a case hold names several). */
    private static List<String> subjectKeys(JsonNode record) {
        Set<String> keys = new LinkedHashSet<>();
        String subject = text(record, "subject");
        if (subject != null) {
            keys.add(subject);
        }
        record.path("data").path("subjectKeys").forEach(key -> {
            if (SubjectKeys.isSubjectKey(key.asText(null))) {
                keys.add(key.asText());
            }
        });
        return List.copyOf(keys);
    }

    private static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
