package dev.heed.testkit.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Runs one Kafka broker (KRaft, combined broker and controller) and one PostgreSQL server for tests
 * and the local stack, in this JVM and the postgres processes it starts.
 *
 * <p>Readiness is announced by writing {@code infra-ready.properties} into the data directory, so
 * the parent never has to keep draining this process's output. With {@code --watch-parent} the
 * process exits when its standard input reaches end of file: the parent holds the other end of
 * that pipe, so even a parent killed with -9 takes the broker and the database down with it.
 */
public final class InfraServer {

    public static final String READY_FILE = "infra-ready.properties";

    static {
        // Our own log4j2 configuration, by a name no application on another classpath would pick up.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "heed-infra-log4j2.xml");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(InfraServer.class);

    private final Options options;
    private KafkaRaftServer kafka;
    private EmbeddedPostgres postgres;

    private InfraServer(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        InfraServer server = new InfraServer(options);
        // Kafka halts the JVM on fatal errors without running shutdown hooks; turn that into a
        // logged, orderly exit so the postgres child is stopped too.
        Exit.setHaltProcedure((status, message) -> {
            LOG.error("Kafka requested a halt ({}): {}", status, message);
            Runtime.getRuntime().exit(status);
        });
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "infra-shutdown"));
        if (options.watchParent) {
            watchParent();
        }
        try {
            server.start();
        } catch (Exception e) {
            LOG.error("Infrastructure failed to start", e);
            System.exit(2);
        }
    }

    private void start() throws Exception {
        Files.createDirectories(options.dataDir);
        Files.deleteIfExists(options.dataDir.resolve(READY_FILE));
        Map<String, String> ready = new HashMap<>();
        if (options.pgPort > 0) {
            postgres = startPostgres();
            ready.put("postgres.port", Integer.toString(postgres.getPort()));
        }
        if (options.kafkaPort > 0) {
            kafka = startKafka();
            ready.put("kafka.bootstrap", "127.0.0.1:" + options.kafkaPort);
            if (options.saslPort > 0) {
                ready.put("kafka.sasl.bootstrap", "127.0.0.1:" + options.saslPort);
            }
            ready.put("kafka.version", AppInfoParser.getVersion());
        }
        ready.put("pid", Long.toString(ProcessHandle.current().pid()));
        writeReadyFile(ready);
        LOG.info("Infrastructure ready: {}", ready);
    }

    private EmbeddedPostgres startPostgres() throws IOException {
        Path pgData = options.dataDir.resolve("postgres");
        stopStalePostmaster(pgData);
        Files.createDirectories(pgData);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(options.pgPort)
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "400")
                .setServerConfig("listen_addresses", "127.0.0.1");
        if (options.ephemeral) {
            // Throwaway test data: durability buys nothing and costs seconds per suite.
            builder.setServerConfig("fsync", "off").setServerConfig("full_page_writes", "off");
        }
        return builder.start();
    }

    /** A postgres left behind by an infra process killed with -9 still owns the data directory. */
    private static void stopStalePostmaster(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> stale = ProcessHandle.of(pid)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (stale.isPresent()) {
            LOG.warn("Stopping a stale postgres (pid {}) that still holds {}", pid, pgData);
            ProcessHandle handle = stale.get();
            handle.destroy();
            try {
                handle.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }

    private KafkaRaftServer startKafka() throws Exception {
        Path logDir = options.dataDir.resolve("kafka");
        Properties props = brokerProperties(logDir);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStreamSink.TO_LOG, true, StandardCharsets.UTF_8))
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(Optional.of(logDir.toString()))
                    .setControllerListenerName("CONTROLLER")
                    .run();
        }
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
        server.startup();
        return server;
    }

    private Properties brokerProperties(Path logDir) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + options.controllerPort);
        String plaintext = "PLAINTEXT://127.0.0.1:" + options.kafkaPort;
        String controller = "CONTROLLER://127.0.0.1:" + options.controllerPort;
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        if (options.saslPort > 0) {
            String sasl = "SASL://127.0.0.1:" + options.saslPort;
            p.put("listeners", String.join(",", plaintext, sasl, controller));
            p.put("advertised.listeners", String.join(",", plaintext, sasl));
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SASL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
            secure(p);
        } else {
            p.put("listeners", String.join(",", plaintext, controller));
            p.put("advertised.listeners", plaintext);
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        }
        p.put("log.dirs", logDir.toString());
        p.put("metadata.log.dir", logDir.toString());
        // One broker: internal topics cannot have more replicas than that.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "3");
        p.put("auto.create.topics.enable", "true");
        // The 128 MiB default exhausts a small heap; compaction here handles little data.
        p.put("log.cleaner.dedupe.buffer.size", "2097152");
        p.put("log.cleaner.backoff.ms", "1000");
        return p;
    }

    /**
     * The SASL listener authenticates with SCRAM-SHA-512 and Kafka's StandardAuthorizer lets a user
     * do only what its ACLs allow, as Strimzi's simple authorization does in Kubernetes. The
     * PLAINTEXT and CONTROLLER listeners' ANONYMOUS principal stays a super user, so the broker's
     * own traffic and test tooling that prepares topics or reads what services wrote work unchanged.
     */
    private static void secure(Properties p) {
        p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.put("listener.name.sasl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("allow.everyone.if.no.acl.found", "false");
        p.put("super.users", "User:ANONYMOUS");
    }

    private void writeReadyFile(Map<String, String> values) throws IOException {
        Properties props = new Properties();
        props.putAll(values);
        Path tmp = options.dataDir.resolve(READY_FILE + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            props.store(w, "written by " + InfraServer.class.getName());
        }
        Files.move(tmp, options.dataDir.resolve(READY_FILE), StandardCopyOption.ATOMIC_MOVE);
    }

    private synchronized void stop() {
        try {
            Files.deleteIfExists(options.dataDir.resolve(READY_FILE));
        } catch (IOException ignored) {
            // best effort: the next start deletes it too
        }
        if (kafka != null) {
            try {
                kafka.shutdown();
                kafka.awaitShutdown();
            } catch (RuntimeException e) {
                LOG.warn("Kafka did not shut down cleanly", e);
            }
            kafka = null;
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("PostgreSQL did not shut down cleanly", e);
            }
            postgres = null;
        }
    }

    private static void watchParent() {
        Thread watcher = new Thread(() -> {
            InputStream in = System.in;
            byte[] buffer = new byte[256];
            try {
                while (in.read(buffer) >= 0) {
                    // the parent never writes; anything read is ignored
                }
            } catch (IOException ignored) {
                // a broken pipe means the same as end of file
            }
            LOG.info("Parent process is gone; shutting down");
            System.exit(0);
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Sends the formatter's console output to the log instead of this process's stdout. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink TO_LOG = new OutputStreamSink();
        private final StringBuilder line = new StringBuilder();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                LOG.info(line.toString());
                line.setLength(0);
            } else {
                line.append((char) b);
            }
        }
    }

    private record Options(Path dataDir, int kafkaPort, int saslPort, int controllerPort, int pgPort,
                           boolean watchParent, boolean ephemeral) {

        static Options parse(String[] args) {
            Map<String, String> values = new HashMap<>();
            List<String> flags = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (!arg.startsWith("--")) {
                    throw new IllegalArgumentException("Unexpected argument: " + arg);
                }
                if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    values.put(arg, args[++i]);
                } else {
                    flags.add(arg);
                }
            }
            String dataDir = values.get("--data-dir");
            if (dataDir == null) {
                throw new IllegalArgumentException("--data-dir is required");
            }
            return new Options(Path.of(dataDir).toAbsolutePath(),
                    port(values, "--kafka-port"), port(values, "--sasl-port"), port(values, "--controller-port"),
                    port(values, "--pg-port"),
                    flags.contains("--watch-parent"), flags.contains("--ephemeral"));
        }

        private static int port(Map<String, String> values, String name) {
            String value = values.get(name);
            return value == null ? 0 : Integer.parseInt(value);
        }
    }
}
