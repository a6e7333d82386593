package dev.heed.events.retention;

/** How one system's part of a purge run ended. */
public enum PurgeResult {
    /** The system purged (the count says how many records). */
    DONE,
    /** The system held nothing past retention. */
    NOT_APPLICABLE,
    FAILED,
    /** No answer by the deadline. */
    UNANSWERED,
    /** A legal hold covers the whole category at this system: no directive was issued. */
    HELD
}
