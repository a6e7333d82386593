package dev.heed.events;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks and copies every payload record's constructor shares. Messages name the field,
 * never the value, so a rejected payload cannot leak an identifier into a log.
 */
public final class Payloads {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private Payloads() {
    }

    public static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    public static String text(String value, String field) {
        if (required(value, field).isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    public static String optionalText(String value, String field) {
        return value == null ? null : text(value, field);
    }

    public static int positiveVersion(int value, String field) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " starts at 1");
        }
        return value;
    }

    /** A lower-case hex SHA-256 digest, or {@code null}. */
    public static String sha256Hex(String value, String field) {
        if (value != null && !SHA256_HEX.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be 64 lower-case hex digits");
        }
        return value;
    }

    /** An immutable copy; absent means empty. */
    public static <T> Set<T> set(Collection<T> values) {
        return values == null ? Set.of() : Set.copyOf(values);
    }

    /** An immutable copy; absent means empty. */
    public static <K, V> Map<K, V> map(Map<K, V> values) {
        return values == null ? Map.of() : Map.copyOf(values);
    }
}
