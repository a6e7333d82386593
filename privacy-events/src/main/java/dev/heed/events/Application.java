package dev.heed.events;

import java.util.Locale;

/** The applications that produce and consume Heed events, as the AsyncAPI document tags them. */
public enum Application {
    CONSENT_SERVICE,
    DSR_SERVICE,
    AUDIT_SERVICE,
    RETENTION_SERVICE,
    /** A system that holds customer data and answers directives (through privacy-client or any Kafka client). */
    DOWNSTREAM_SYSTEM;

    /** {@code consent-service}, ..., {@code downstream-system}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The CloudEvents {@code source} of a Heed service: {@code /heed/<service>}. */
    public String source() {
        if (this == DOWNSTREAM_SYSTEM) {
            throw new IllegalStateException("a downstream system's source names the system: use systemSource(id)");
        }
        return "/heed/" + id();
    }

    /** The CloudEvents {@code source} of a downstream system's events: {@code /heed/systems/<system-id>}. */
    public static String systemSource(String systemId) {
        return "/heed/systems/" + SystemId.validate(systemId);
    }
}
