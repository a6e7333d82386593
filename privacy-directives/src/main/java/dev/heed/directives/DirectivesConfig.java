package dev.heed.directives;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the directive mechanism ({@code heed.directives.*}). Defaults suit production;
 * every one can be overridden by {@code application.properties} or an environment variable.
 * Job schedules ({@code heed.directives.<job>.every}) are read by the scheduler's annotations.
 */
@ConfigMapping(prefix = "heed.directives")
public interface DirectivesConfig {

    /** The issuing service's name: directives carry it, and their CloudEvents source is {@code /heed/<issuer>}. */
    @WithDefault("${quarkus.application.name}")
    String issuer();

    /** A directive's deadline when the request names none. */
    @WithDefault("P30D")
    Duration defaultDeadline();

    LeadershipSettings leadership();

    RelaySettings relay();

    RegistrySettings registry();

    ResendSettings resend();

    RetentionSettings retention();

    DeadlineSettings deadlines();

    MetricsSettings metrics();

    AckSettings acks();

    interface AckSettings {

        /**
         * Whether this service dead-letters acknowledgements it cannot read. Every issuer reads
         * every acks topic, so exactly one of them (dsr-service) does it; the others skip them.
         */
        @WithDefault("false")
        boolean deadLetterMalformed();
    }

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

    interface LeadershipSettings {

        /**
         * The advisory lock's key. Advisory locks are per database, and each service has its own
         * database, so one key serves every service.
         */
        @WithDefault("4847202604180001")
        long lockKey();

        /** How often a follower tries to take the lock and the leader checks its connection. */
        @WithDefault("PT2S")
        Duration checkInterval();

        /**
         * A PostgreSQL URI for the leader's dedicated connection; defaults to the reactive
         * datasource's URL and credentials.
         */
        Optional<String> url();
    }

    interface RelaySettings {

        /** Off only where a service does not publish through the outbox at all. */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("200")
        int batchSize();

        /** The relay looks for rows at least this often even when no notification arrives. */
        @WithDefault("PT1S")
        Duration pollInterval();

        /** Pause after a failed publish before the relay starts again with a new producer. */
        @WithDefault("PT2S")
        Duration retryBackoff();

        /** How long the broker may take to acknowledge a record (the producer's delivery timeout). */
        @WithDefault("PT30S")
        Duration deliveryTimeout();
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

        /** Sent outbox rows (they may hold identities) are deleted this long after the broker acknowledged them. */
        @WithDefault("P1D")
        Duration sentOutbox();

        /** Processed acknowledgement ids are kept longer than the acks topics keep records (7 days). */
        @WithDefault("P14D")
        Duration ackInbox();

        /** Settled directives and their tasks are kept this long after settlement, then deleted. */
        @WithDefault("P1095D")
        Duration settledDirectives();
    }
}
