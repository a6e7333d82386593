package dev.heed.audit;

import java.util.Set;

/** The types of entries that are not Heed events from Kafka: the audit log's own. */
public final class EntryTypes {

    /** A record without a value on a compacted topic (an erased subject's state, a released hold). */
    public static final String TOMBSTONE = "tombstone";
    /** A record on a {@code .dlq} topic: only its dead-letter headers are kept. */
    public static final String DEAD_LETTER = "dead-letter";
    /** A record that is not a readable CloudEvent. */
    public static final String UNREADABLE = "unreadable";
    /** Someone queried the audit log. */
    public static final String AUDIT_QUERIED = "dev.heed.audit.queried.v1";

    public static final Set<String> OWN = Set.of(TOMBSTONE, DEAD_LETTER, UNREADABLE, AUDIT_QUERIED);

    private EntryTypes() {
    }
}
