package dev.heed.events;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kafka topic names. A breaking change to a topic's events is a new topic ({@code .v2}). */
public final class Topics {

    public static final String PURPOSES = "privacy.purposes.v1";
    public static final String CONSENT_EVENTS = "privacy.consent.events.v1";
    public static final String CONSENT_STATE = "privacy.consent.state.v1";
    public static final String SYSTEMS = "privacy.systems.v1";
    public static final String LEGAL_HOLDS = "privacy.legal-holds.v1";
    public static final String DSR_EVENTS = "privacy.dsr.events.v1";
    public static final String RETENTION_EVENTS = "privacy.retention.events.v1";
    public static final String AUDIT_HEADS = "privacy.audit.heads.v1";

    /** Channel addresses of the per-system and dead-letter topics, as the AsyncAPI document names them. */
    public static final String DIRECTIVES_CHANNEL = "privacy.directives.{systemId}.v1";
    public static final String ACKS_CHANNEL = "privacy.acks.{systemId}.v1";
    public static final String DLQ_CHANNEL = "{topic}.dlq";

    /**
     * For pattern subscriptions: issuers read every system's acknowledgements (the one place this
     * pattern is written; the directive library's consumer subscribes with it).
     */
    public static final String ACKS_PATTERN = "privacy\\.acks\\.(" + SystemId.REGEX + ")\\.v1";
    public static final String DIRECTIVES_PATTERN = "privacy\\.directives\\." + SystemId.REGEX + "\\.v1";

    private static final String DLQ_SUFFIX = ".dlq";
    private static final Pattern ACKS = Pattern.compile(ACKS_PATTERN);

    private Topics() {
    }

    /** The topics that exist once, whatever systems are registered. */
    public static Set<String> fixed() {
        return Set.of(PURPOSES, CONSENT_EVENTS, CONSENT_STATE, SYSTEMS, LEGAL_HOLDS, DSR_EVENTS,
                RETENTION_EVENTS, AUDIT_HEADS);
    }

    /** The fixed topics that keep the latest record per key (cleanup.policy=compact); the others delete by age. */
    public static Set<String> compacted() {
        return Set.of(PURPOSES, CONSENT_STATE, SYSTEMS, LEGAL_HOLDS);
    }

    public static String directives(String systemId) {
        return DIRECTIVES_CHANNEL.replace("{systemId}", SystemId.validate(systemId));
    }

    public static String acks(String systemId) {
        return ACKS_CHANNEL.replace("{systemId}", SystemId.validate(systemId));
    }

    /** The system whose acknowledgements a topic carries, or empty if it is not an acks topic. */
    public static Optional<String> systemOfAcks(String topic) {
        Matcher matcher = ACKS.matcher(topic);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    public static String dlq(String topic) {
        if (topic == null || topic.isBlank() || topic.endsWith(DLQ_SUFFIX)) {
            throw new IllegalArgumentException("a dead-letter topic needs a source topic that is not itself one");
        }
        return DLQ_CHANNEL.replace("{topic}", topic);
    }
}
