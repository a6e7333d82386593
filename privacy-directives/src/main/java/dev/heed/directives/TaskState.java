package dev.heed.directives;

/** One recipient's part of a directive. */
public enum TaskState {
    PENDING,
    DONE,
    FAILED,
    NOT_APPLICABLE,
    /** The deadline passed without an answer; a late answer still replaces this. */
    OVERDUE;

    /** The system answered. */
    public boolean isAnswered() {
        return this == DONE || this == FAILED || this == NOT_APPLICABLE;
    }

    /** Counts towards a completed directive. */
    public boolean isSuccessful() {
        return this == DONE || this == NOT_APPLICABLE;
    }
}
