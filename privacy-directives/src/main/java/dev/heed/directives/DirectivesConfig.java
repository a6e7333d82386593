package dev.heed.directives;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Settings of the directive mechanism ({@code heed.directives.*}). Defaults suit production;
 * every one can be overridden by {@code application.properties} or an environment variable.
 * Job schedules ({@code heed.directives.<job>.every}) are read by the scheduler's annotations.
 */
@ConfigMapping(prefix = "heed.directives")
interface DirectivesConfig {

    /** The issuing service's name: directives carry it, and their CloudEvents source is {@code /heed/<issuer>}. */
    @WithDefault("${quarkus.application.name}")
    String issuer();

    /** A directive's deadline when the request names none. */
    @WithDefault("P30D")
    Duration defaultDeadline();

    RegistrySettings registry();

    ResendSettings resend();

    RetentionSettings retention();

    DeadlineSettings deadlines();

    MetricsSettings metrics();

    interface DeadlineSettings {

        /** How often the leader looks for tasks past their deadline ("off" disables). */
        @WithDefault("30s")
        String every();
    }

    interface MetricsSettings {

        /** How often the leader refreshes the outstanding-task gauges ("off" disables). */
        @WithDefault("30s")
        String every();
    }

    interface RegistrySettings {

        /** Off in a service that issues no directives. */
        @WithDefault("true")
        boolean enabled();

        /** How often the view looks for new partitions (or for the topic, if it did not exist at start). */
        @WithDefault("PT30S")
        Duration partitionRefresh();
    }

    interface ResendSettings {

        /** An unanswered task is re-sent (same CloudEvents id) once this long has passed since it was last queued. */
        @WithDefault("PT1H")
        Duration after();

        /** How often the leader looks for tasks to re-send ("off" disables). */
        @WithDefault("1m")
        String every();

        /** At most this many tasks are re-sent per run. */
        @WithDefault("500")
        int batchSize();
    }

    interface RetentionSettings {

        /** How often the leader deletes records past their retention ("off" disables). */
        @WithDefault("1h")
        String every();

        /** Processed acknowledgement ids are kept longer than the acks topics keep records (7 days). */
        @WithDefault("P14D")
        Duration ackInbox();

        /** Settled directives and their tasks are kept this long after settlement, then deleted. */
        @WithDefault("P1095D")
        Duration settledDirectives();
    }
}
