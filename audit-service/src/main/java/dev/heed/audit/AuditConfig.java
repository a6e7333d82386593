package dev.heed.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the audit log ({@code heed.audit.*}). */
@ConfigMapping(prefix = "heed.audit")
public interface AuditConfig {

    Ingest ingest();

    Append append();

    interface Ingest {

        /** Every topic whose name matches is ingested: fixed, per-system and dead-letter topics alike. */
        @WithDefault("privacy\\..+")
        String topics();

        /** One group for every replica: they share the partitions. */
        @WithDefault("${quarkus.application.name}-ingest")
        String groupId();

        /** A topic created later (a new system's directives or acks, a new DLQ) is found within this time. */
        @WithDefault("PT30S")
        Duration metadataMaxAge();
    }

    interface Append {

        /** How often the leader appends what the replicas took in ("off" disables). */
        @WithDefault("1s")
        String every();

        /** At most this many intake rows become leaves per transaction. */
        @WithDefault("500")
        int batchSize();

        /**
         * Transaction-level advisory lock every append holds: even a replica that has just lost
         * leadership cannot append beside the new leader.
         */
        @WithDefault("4847202611240005")
        long lockKey();
    }
}
