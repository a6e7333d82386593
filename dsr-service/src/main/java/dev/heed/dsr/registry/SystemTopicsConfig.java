package dev.heed.dsr.registry;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.OptionalInt;

/** {@code heed.dsr.systems.topics.*}: how a registered system's directive and acknowledgement topics are made. */
@ConfigMapping(prefix = "heed.dsr.systems.topics")
public interface SystemTopicsConfig {

    /** Whether dsr-service creates the topics; off where an operator (Strimzi KafkaTopic resources) owns them. */
    @WithDefault("true")
    boolean create();

    @WithDefault("3")
    int partitions();

    /** The broker's {@code default.replication.factor} when absent. */
    OptionalInt replicationFactor();

    Reconcile reconcile();

    interface Reconcile {

        /** How often the leader makes sure every active system's topics exist ({@code off} to stop it). */
        @WithDefault("5m")
        String every();
    }
}
