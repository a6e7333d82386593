package dev.heed.retention.run;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Purge runs ({@code heed.retention.runs.*}). */
@ConfigMapping(prefix = "heed.retention.runs")
public interface RunsConfig {

    /** A policy version is enforced once per window; windows start at multiples of it since the epoch. */
    @WithDefault("P1D")
    Duration window();

    /** How long systems have to answer a purge; overdue ones are re-sent and finally reported unanswered. */
    @WithDefault("P7D")
    Duration answerWithin();

    /** When the leader starts the scheduled runs (the scheduler reads it by name); {@code off} disables them. */
    String cron();
}
