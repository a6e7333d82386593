package dev.heed.events;

/** The data of a Heed event. */
public interface EventPayload {

    /** The Kafka record key; {@code null} on topics whose records carry none. Never a raw identifier. */
    String kafkaKey();

    /**
     * The data subject the fact is about, as a subject key (the CloudEvents {@code subject}), or
     * {@code null}. Records with a {@code subjectKey} component implement this by that accessor.
     */
    default String subjectKey() {
        return null;
    }

    /** Whether this payload may travel as the given type; a payload shared by several types narrows it. */
    default boolean fits(EventType type) {
        return type.payload().isInstance(this);
    }
}
