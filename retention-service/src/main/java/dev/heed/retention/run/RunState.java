package dev.heed.retention.run;

/** A purge run waits for its systems, then ends completed or partially completed. */
public enum RunState {
    RUNNING,
    COMPLETED,
    PARTIALLY_COMPLETED
}
