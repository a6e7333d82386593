package dev.heed.audit.query;

import dev.heed.platform.web.InvalidInputException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One page of entries matching every filter given, in log order after leaf {@code after}.
 *
 * @param from inclusive, by the event's time
 * @param to exclusive
 */
public record AuditQuery(String subjectKey, String directiveId, String requestId, String type, Instant from,
        Instant to, long after, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;
    /** The spelling of the query parameters, checked by the resource's constraints before {@link #of}. */
    public static final String UUID_FORM = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    public static final String UUID_RULE = "must be a UUID";
    static final String TYPE = "[A-Za-z0-9._-]{1,200}";
    static final String TYPE_RULE = "must be an event type such as dev.heed.dsr.status-changed.v1";
    static final String LEAF = "-1|[0-9]{1,18}";
    static final String LEAF_RULE = "must be a leaf index (-1 or more)";
    static final String LIMIT = "[0-9]{1,9}";
    static final String LIMIT_RULE = "must be between 1 and " + MAX_LIMIT;

    /**
     * The query from parameters whose spelling the resource's constraints checked; a time that does
     * not parse, or a range that ends before it starts, is a 400 naming it.
     */
    static AuditQuery of(String subjectKey, String directiveId, String requestId, String type, String from,
            String to, String after, String limit) {
        Instant start = instant(from, "from");
        Instant end = instant(to, "to");
        if (start != null && end != null && !start.isBefore(end)) {
            throw new InvalidInputException("to", "must be after from");
        }
        return new AuditQuery(subjectKey, canonical(directiveId), canonical(requestId), type, start, end,
                after == null ? -1 : Long.parseLong(after), limit == null ? DEFAULT_LIMIT : Integer.parseInt(limit));
    }

    /** What was asked, for the audit entry of the query: the filters given, in a fixed order. */
    public String kind() {
        List<String> kinds = new ArrayList<>();
        if (subjectKey != null) {
            kinds.add("subject");
        }
        if (directiveId != null) {
            kinds.add("directive");
        }
        if (requestId != null) {
            kinds.add("request");
        }
        if (type != null) {
            kinds.add("type");
        }
        if (from != null || to != null) {
            kinds.add("time-range");
        }
        return kinds.isEmpty() ? "all" : String.join("+", kinds);
    }

    /** Lower case, as the log stores ids. */
    public static String canonical(String uuid) {
        return uuid == null ? null : UUID.fromString(uuid).toString();
    }

    private static Instant instant(String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "must be an RFC 3339 timestamp, e.g. 2026-03-01T00:00:00Z");
        }
    }
}
