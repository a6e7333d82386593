package dev.heed.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of the service platform ({@code heed.platform.*}): leadership, the outbox relay and
 * the outbox's retention. Defaults suit production; any one can be overridden by
 * {@code application.properties} or an environment variable.
 */
@ConfigMapping(prefix = "heed.platform")
public interface PlatformConfig {

    /** The service's name: the outbox relay's client id and the leader's connection name carry it. */
    @WithDefault("${quarkus.application.name}")
    String service();

    LeadershipSettings leadership();

    RelaySettings relay();

    OutboxRetentionSettings outboxRetention();

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

    interface OutboxRetentionSettings {

        /** How often the leader deletes sent outbox rows ("off" disables). */
        @WithDefault("1h")
        String every();

        /** Sent outbox rows (they may hold identities) are deleted this long after the broker acknowledged them. */
        @WithDefault("P1D")
        Duration sentRows();
    }
}
