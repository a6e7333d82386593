package dev.heed.audit.console;

import io.vertx.mutiny.sqlclient.Row;

/**
 * One appended entry as the live list shows it: abbreviated so a row reads at a glance. The
 * subject key is an HMAC, never a raw identifier; even so only its start is shown, with the
 * number of further subjects the entry is about (a case hold names several).
 *
 * @param type the CloudEvents type without {@code dev.heed.} and the version
 * @param reference the directive id, else the request (or decision, run) id, else empty
 */
public record LiveEntry(long leafIndex, String time, String topic, String type, String subject, String reference) {

    static final String COLUMNS = "leaf_index, event_time, topic, event_type, subject_keys[1] as subject_key,"
            + " cardinality(subject_keys) as subjects, directive_id, request_id";
    private static final int SHOWN_KEY = 12;
    private static final int SHOWN_ID = 8;

    static LiveEntry of(Row row) {
        String directive = row.getString("directive_id");
        String request = row.getString("request_id");
        return new LiveEntry(row.getLong("leaf_index"), Ages.shown(row.getOffsetDateTime("event_time").toInstant()),
                row.getString("topic") == null ? "audit-service" : row.getString("topic"),
                shortType(row.getString("event_type")), subject(row.getString("subject_key"), row.getInteger("subjects")),
                directive != null ? "directive " + abbreviate(directive, SHOWN_ID)
                        : request != null ? "request " + abbreviate(request, SHOWN_ID) : "");
    }

    private static String subject(String first, int subjects) {
        String shown = abbreviate(first, SHOWN_KEY);
        return subjects > 1 ? shown + " +" + (subjects - 1) : shown;
    }

    static String shortType(String type) {
        String shown = type.startsWith("dev.heed.") ? type.substring("dev.heed.".length()) : type;
        return shown.matches(".*\\.v[0-9]+") ? shown.substring(0, shown.lastIndexOf('.')) : shown;
    }

    static String abbreviate(String value, int shown) {
        if (value == null) {
            return "";
        }
        return value.length() <= shown ? value : value.substring(0, shown) + "…";
    }
}
