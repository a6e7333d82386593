package dev.heed.events.retention;

/** What happens to data past its retention period. */
public enum RetentionAction {
    DELETE,
    /** Keep the record but remove what identifies the subject. */
    ANONYMISE
}
