package dev.heed.events;

import java.util.regex.Pattern;

/**
 * A downstream system's id. It becomes part of topic names and Kafka user names, so it is kept
 * to lower-case letters, digits and hyphens.
 */
public final class SystemId {

    public static final String REGEX = "[a-z0-9][a-z0-9-]{1,62}";
    private static final Pattern PATTERN = Pattern.compile(REGEX);

    private SystemId() {
    }

    public static boolean isValid(String systemId) {
        return systemId != null && PATTERN.matcher(systemId).matches();
    }

    /** Returns the id unchanged, or throws when it could not name a topic or a Kafka user. */
    public static String validate(String systemId) {
        if (!isValid(systemId)) {
            throw new IllegalArgumentException("system id must match " + REGEX);
        }
        return systemId;
    }
}
