package dev.heed.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the audit log ({@code heed.audit.*}); the jobs' schedules are read by their annotations. */
@ConfigMapping(prefix = "heed.audit")
public interface AuditConfig {

    Ingest ingest();

    Append append();

    Signing signing();

    Heads heads();

    Integrity integrity();

    interface Integrity {

        /** How often the leader checks the whole log (read by the job's {@code @Scheduled}; "off" disables it). */
        String every();
    }

    interface Signing {

        /** The Ed25519 private key (PKCS#8 PEM, {@code heed-verify keygen}); a mounted Secret, never the database. */
        Path keyFile();

        /** Its public key (PEM): checked at start to belong to {@link #keyFile()}, then published. */
        Path publicKeyFile();

        /** Keys that signed earlier heads (PEM files): still published, so those heads keep verifying. */
        Optional<List<Path>> previousPublicKeys();
    }

    interface Heads {

        /** A head is signed at most this often while the tree grows... */
        @WithDefault("10s")
        Duration every();

        /** ...and sooner once this many leaves wait; also the most leaf hashes one published head carries. */
        @WithDefault("1000")
        int maxLeaves();

        /** How often the leader looks whether a head is due (read by the job's {@code @Scheduled}). */
        String checkEvery();

        /** Transaction-level advisory lock a signing holds, so two replicas never sign beside each other. */
        @WithDefault("4847202611240006")
        long lockKey();
    }

    interface Ingest {

        /**
         * Every topic whose name matches is ingested: fixed, per-system and dead-letter topics alike,
         * except the service's own signed heads (logging them would grow the tree with every head).
         */
        @WithDefault("privacy\\.(?!audit\\.heads\\.).+")
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
