package dev.heed.audit.query;

import dev.heed.platform.web.InvalidInputException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

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
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    /** Reads the query parameters; a bad one is a 400 naming it. */
    public static AuditQuery parse(String subjectKey, String directiveId, String requestId, String type, String from,
            String to, String after, String limit) {
        if (type != null && !TYPE.matcher(type).matches()) {
            throw new InvalidInputException("type", "must be an event type such as dev.heed.dsr.status-changed.v1");
        }
        Instant start = instant(from, "from");
        Instant end = instant(to, "to");
        if (start != null && end != null && !start.isBefore(end)) {
            throw new InvalidInputException("to", "must be after from");
        }
        return new AuditQuery(subjectKey, uuid(directiveId, "directiveId"), uuid(requestId, "requestId"), type,
                start, end, after(after), limit(limit));
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

    private static String uuid(String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value).toString();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "must be a UUID");
        }
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

    private static long after(String value) {
        if (value == null) {
            return -1;
        }
        try {
            long after = Long.parseLong(value);
            if (after < -1) {
                throw new NumberFormatException();
            }
            return after;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("after", "must be a leaf index (-1 or more)");
        }
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_LIMIT);
        }
    }
}
