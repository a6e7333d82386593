package dev.heed.directives;

/** What became of one acknowledgement record. */
public enum AckDisposition {
    /** It answered a pending task. */
    APPLIED,
    /** It answered a task that was already overdue; recorded and marked late. */
    APPLIED_LATE,
    /** Its CloudEvents id was processed before: nothing changed. */
    DUPLICATE,
    /** The task already had an answer, which stays. */
    ALREADY_ANSWERED,
    /** Not a directive of this service (every issuer reads every system's acks topic). */
    NOT_OURS,
    /** The system on whose topic it arrived is not a recipient of that directive. */
    REJECTED_NOT_RECIPIENT,
    /** The payload names a different system than the topic it arrived on. */
    REJECTED_SYSTEM_MISMATCH,
    /** Not a well-formed acknowledgement: moved to {@code <topic>.dlq} and skipped. */
    MALFORMED;

    public boolean isRejected() {
        return this == REJECTED_NOT_RECIPIENT || this == REJECTED_SYSTEM_MISMATCH || this == MALFORMED;
    }
}
