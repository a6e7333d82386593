package dev.heed.testkit;

import dev.heed.testkit.kafka.HeedTopics;
import dev.heed.testkit.kafka.KafkaUsers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * One real Kafka broker and one real PostgreSQL server per JVM, shared by every test class.
 *
 * <p>Where they come from, in order: {@code HEED_TEST_KAFKA} + {@code HEED_TEST_PG_URL} (servers
 * someone already runs); Testcontainers when {@code -Dheed.testkit.infra=testcontainers} (a Docker
 * engine is needed); otherwise a forked infra process started from Maven Central artifacts. Each
 * service's tests get their own database on the shared server.
 *
 * <p>The forked broker also has a SCRAM-SHA-512 listener with Kafka's StandardAuthorizer, given the
 * users, ACLs and topics of {@code deploy/k8s} ({@link KafkaUsers}) once when it starts: services
 * under test connect there as their own Kafka user ({@link #kafkaSettingsAs}); test tooling keeps
 * the unrestricted PLAINTEXT listener ({@link #kafkaBootstrapServers}).
 */
public final class HeedInfra {

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final String SHARED = "heed.testkit.shared-infra";
    private static HeedInfra instance;

    private final String kafkaBootstrapServers;
    /** The SCRAM listener, or null where the broker is someone else's (external, Testcontainers). */
    private final String kafkaSaslBootstrapServers;
    private final String pgHost;
    private final int pgPort;
    private final String username;
    private final String password;
    private final String kafkaVersion;
    private final Set<String> databases = ConcurrentHashMap.newKeySet();
    /** The forked process, when this JVM started one. */
    InfraProcess process;

    HeedInfra(String kafkaBootstrapServers, String pgHost, int pgPort, String username, String password,
              String kafkaVersion) {
        this(kafkaBootstrapServers, null, pgHost, pgPort, username, password, kafkaVersion);
    }

    private HeedInfra(String kafkaBootstrapServers, String kafkaSaslBootstrapServers, String pgHost, int pgPort,
                      String username, String password, String kafkaVersion) {
        this.kafkaBootstrapServers = kafkaBootstrapServers;
        this.kafkaSaslBootstrapServers = kafkaSaslBootstrapServers;
        this.pgHost = pgHost;
        this.pgPort = pgPort;
        this.username = username;
        this.password = password;
        this.kafkaVersion = kafkaVersion;
    }

    /** A local infra process that is already running, e.g. the local stack's. */
    public static HeedInfra attach(String kafkaBootstrapServers, int pgPort, String kafkaVersion) {
        return new HeedInfra(kafkaBootstrapServers, "127.0.0.1", pgPort, "postgres", "", kafkaVersion);
    }

    private static HeedInfra attach(InfraProcess process) {
        HeedInfra infra = new HeedInfra(process.kafkaBootstrapServers(), process.kafkaSaslBootstrapServers(),
                "127.0.0.1", process.postgresPort(), "postgres", "", process.kafkaVersion());
        infra.process = process;
        return infra;
    }

    public static synchronized HeedInfra get() {
        if (instance == null) {
            instance = startedInThisJvm().orElseGet(() -> {
                HeedInfra started = start();
                HeedTopics.ensure(started.kafkaBootstrapServers());
                if (started.kafkaSaslBootstrapServers != null) {
                    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                            started.kafkaBootstrapServers))) {
                        KafkaUsers.ofRepository().provision(admin);
                    }
                }
                return share(started);
            });
        }
        return instance;
    }

    /**
     * Quarkus loads the test kit again in a new class loader for each test profile; the servers
     * the first one started are found through a system property, so they stay one per JVM and a
     * test with a profile sees the same databases as the tests before it.
     */
    private static Optional<HeedInfra> startedInThisJvm() {
        String shared = System.getProperty(SHARED);
        if (shared == null) {
            return Optional.empty();
        }
        String[] at = shared.split("\n", -1);
        return Optional.of(new HeedInfra(at[0], at[6].isEmpty() ? null : at[6], at[1], Integer.parseInt(at[2]),
                at[3], at[4], at[5].isEmpty() ? null : at[5]));
    }

    private static HeedInfra share(HeedInfra infra) {
        System.setProperty(SHARED, String.join("\n", infra.kafkaBootstrapServers, infra.pgHost,
                Integer.toString(infra.pgPort), infra.username, infra.password,
                infra.kafkaVersion == null ? "" : infra.kafkaVersion,
                infra.kafkaSaslBootstrapServers == null ? "" : infra.kafkaSaslBootstrapServers));
        return infra;
    }

    private static HeedInfra start() {
        String externalKafka = System.getenv("HEED_TEST_KAFKA");
        String externalPg = System.getenv("HEED_TEST_PG_URL");
        if (externalKafka != null && externalPg != null) {
            return ExternalInfra.from(externalKafka, externalPg);
        }
        if ("testcontainers".equals(System.getProperty("heed.testkit.infra"))) {
            return ContainerInfra.start();
        }
        return forked();
    }

    private static HeedInfra forked() {
        Path dataDir;
        try {
            removeLeftovers();
            dataDir = Files.createTempDirectory("heed-infra-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        InfraProcess process = InfraProcess.start(InfraProcess.Spec.ephemeral(dataDir));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.stop();
            deleteTree(dataDir);
        }, "heed-infra-stop"));
        return attach(process);
    }

    /** Data directories of test JVMs that were killed before their shutdown hook ran. */
    private static void removeLeftovers() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> dirs = Files.list(tmp)) {
            dirs.filter(d -> d.getFileName().toString().startsWith("heed-infra-"))
                    .filter(d -> !Files.exists(d.resolve("infra-ready.properties")))
                    .filter(d -> !Files.exists(d.resolve("postgres/postmaster.pid")))
                    .forEach(HeedInfra::deleteTree);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a leftover temp directory is harmless; removeLeftovers takes it next time
        }
    }

    /** The process id of the PostgreSQL server this JVM started (it is not our child: pg_ctl detaches it). */
    public long postmasterPid() {
        if (process == null) {
            throw new IllegalStateException("this JVM did not start the PostgreSQL server");
        }
        try {
            return Long.parseLong(Files.readAllLines(process.dataDir().resolve("postgres/postmaster.pid")).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    /**
     * Kafka client settings ({@code bootstrap.servers}, security protocol, SASL) that connect as the
     * named KafkaUser of deploy/k8s, with only its ACLs; empty where the broker has no secured listener.
     */
    public Optional<Map<String, String>> kafkaSettingsAs(String user) {
        return Optional.ofNullable(kafkaSaslBootstrapServers)
                .map(servers -> KafkaUsers.clientSettings(servers, user));
    }

    /**
     * A downstream system onboarded as deploy/k8s/onboarding's template does it: its topics, and on
     * a secured broker its Kafka user with the template's ACLs. Yields the settings the system's
     * clients connect with (as that user where there is one).
     */
    public Map<String, String> onboardSystem(String systemId) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers))) {
            KafkaUsers.ofRepository().onboard(admin, systemId);
        }
        return kafkaSettingsAs(systemId).orElse(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers));
    }

    /** The secured (SCRAM-SHA-512, ACLs) listener, when the broker has one. */
    public Optional<String> kafkaSaslBootstrapServers() {
        return Optional.ofNullable(kafkaSaslBootstrapServers);
    }

    /** The Kafka release the broker reports, or null when the broker is someone else's. */
    public String kafkaVersion() {
        return kafkaVersion;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public String pgHost() {
        return pgHost;
    }

    public int pgPort() {
        return pgPort;
    }

    /** JDBC URL of the named database, created on first use. */
    public String jdbcUrl(String database) {
        createDatabase(database);
        return "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + database;
    }

    /** Vert.x reactive client URL of the named database, created on first use. */
    public String reactiveUrl(String database) {
        createDatabase(database);
        return "postgresql://" + pgHost + ":" + pgPort + "/" + database;
    }

    public void createDatabase(String database) {
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("Not a plain database name: " + database);
        }
        if (databases.contains(database)) {
            return;
        }
        String adminUrl = "jdbc:postgresql://" + pgHost + ":" + pgPort + "/postgres";
        try (Connection c = DriverManager.getConnection(adminUrl, username, password)) {
            boolean exists;
            try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                q.setString(1, database);
                try (ResultSet rs = q.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + database);
                }
            }
            databases.add(database);
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) {
                databases.add(database); // another JVM created it between our check and create
                return;
            }
            throw new IllegalStateException("Could not create database " + database, e);
        }
    }
}
