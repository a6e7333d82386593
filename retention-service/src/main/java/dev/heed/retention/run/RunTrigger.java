package dev.heed.retention.run;

/** What started a purge run. */
public enum RunTrigger {
    SCHEDULE,
    ON_DEMAND
}
