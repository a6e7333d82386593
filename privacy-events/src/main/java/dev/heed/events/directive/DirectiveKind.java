package dev.heed.events.directive;

public enum DirectiveKind {
    /** Stop processing a subject's data for a purpose (withdrawal, expiry, objection, opt-out). */
    STOP_PROCESSING,
    ERASE,
    /** Export a subject's data; the system uploads it over HTTP and acknowledges with a reference and hash. */
    EXPORT,
    RECTIFY,
    RESTRICT,
    /** Purge a data category past its retention period; addressed to no subject. */
    PURGE
}
