package dev.heed.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings of the audit log ({@code heed.audit.*}); the jobs' schedules are read by their annotations. */
@ConfigMapping(prefix = "heed.audit")
public interface AuditConfig {

    Ingest ingest();

    Append append();

    Signing signing();

    Heads heads();

    Checkpoints checkpoints();

    Witnessing witnessing();

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

    /** The heads as c2sp.org/tlog-checkpoint signed notes, and the log as c2sp.org/tlog-tiles. */
    interface Checkpoints {

        /** The origin line and note key name: names this installation, e.g. {@code heed.example/audit}. */
        @WithDefault("heed.example/audit")
        String origin();

        /** The Ed25519 note key (PKCS#8 PEM); without one the tree-head signing key signs the notes too. */
        Optional<Path> keyFile();

        /** Its public key (PEM), checked at start to belong to {@link #keyFile()}. */
        Optional<Path> publicKeyFile();
    }

    /** c2sp.org/tlog-witness: the witnesses each new checkpoint goes to, and how many must cosign. */
    interface Witnessing {

        /** Cosignatures a head needs before it counts as published (0: every signed head is published). */
        @WithDefault("0")
        int required();

        /** How often the leader submits the latest head to witnesses that lack it ("off" disables). */
        @WithDefault("5s")
        String every();

        /** How long one witness may take to answer. */
        @WithDefault("PT10S")
        Duration timeout();

        /** By an id of the operator's choosing: {@code heed.audit.witnessing.witnesses.<id>.url} and {@code .vkey}. */
        Map<String, Witness> witnesses();

        interface Witness {

            /** The submission prefix: add-checkpoint is POSTed to {@code <url>/add-checkpoint}. */
            URI url();

            /** The witness's cosignature/v1 verifier key; its name identifies the witness in metrics and the log. */
            String vkey();
        }
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
