package dev.heed.testkit.stack;

import dev.heed.testkit.HeedInfra;
import dev.heed.testkit.InfraProcess;
import dev.heed.testkit.kafka.HeedTopics;
import dev.heed.testkit.jwt.TokenIssuer;
import dev.heed.testkit.audit.AuditSigningKeys;
import dev.heed.testkit.receipt.ReceiptSigningKeys;
import dev.heed.testkit.subject.SubjectKeySecret;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * {@code deploy/local/up}, {@code down} and {@code status}: Kafka, PostgreSQL, the four services
 * and the two example downstream systems as separate, detached processes whose pids are kept
 * under {@code deploy/local/.state}. Data lives there too, so it survives a stop and start.
 */
public final class LocalStack {

    /** Ports chosen not to clash with a developer's own Kafka (9092) or PostgreSQL (5432). */
    static final int KAFKA_PORT = 19092;
    static final int KAFKA_CONTROLLER_PORT = 19093;
    static final int POSTGRES_PORT = 15432;
    static final Duration TOKEN_TTL = Duration.ofHours(12);
    static final List<String> ROLES = List.of("privacy-admin", "privacy-operator", "support-agent", "auditor");
    static final String DEMO_SYSTEM = "demo-crm";

    private final Path root;
    private final Path state;

    LocalStack(Path root) {
        this.root = root;
        this.state = root.resolve("deploy/local/.state");
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: LocalStack up|down|status <project root> [--infra-only]");
            System.exit(64);
        }
        LocalStack stack = new LocalStack(Path.of(args[1]).toAbsolutePath().normalize());
        boolean infraOnly = List.of(args).contains("--infra-only");
        switch (args[0]) {
            case "up" -> stack.up(infraOnly ? List.of() : HeedService.ALL);
            case "down" -> stack.down();
            case "status" -> stack.status();
            default -> {
                System.err.println("unknown command " + args[0]);
                System.exit(64);
            }
        }
    }

    /** Starts the infrastructure and those of {@code services} that are not running yet. */
    void up(List<HeedService> services) throws IOException {
        Files.createDirectories(state);
        Properties infra = ensureInfra();
        HeedInfra servers = HeedInfra.attach(infra.getProperty("kafka.bootstrap"),
                Integer.parseInt(infra.getProperty("postgres.port")), infra.getProperty("kafka.version"));
        // Every service's database exists even when only the infrastructure runs (dev mode needs it).
        HeedService.ALL.forEach(s -> servers.createDatabase(s.database()));
        HeedTopics.ensure(servers.kafkaBootstrapServers());
        TokenIssuer tokens = TokenIssuer.persistentIn(state.resolve("keys"));
        // Here, not only when consent-service starts: its dev mode (--infra-only) signs with them too.
        ReceiptSigningKeys.persistentIn(state.resolve("keys"));
        AuditSigningKeys.persistentIn(state.resolve("keys"));

        List<HeedService> toStart = new ArrayList<>();
        for (HeedService service : services) {
            if (livePid(service.name()).isPresent()) {
                System.out.println(service.name() + " is already running");
            } else {
                toStart.add(service);
            }
        }
        if (!toStart.isEmpty()) {
            System.out.println("Starting " + String.join(", ", toStart.stream().map(HeedService::name).toList()) + " ...");
            HeedStack started = HeedStack.start(root, servers, tokens, SubjectKeySecret.persistentIn(state.resolve("keys")),
                    state, toStart, false, Duration.ofMinutes(3));
            for (ServiceProcess p : started.processes()) {
                Files.writeString(pidFile(p.service().name()), Long.toString(p.pid()));
            }
        }
        if (!services.isEmpty()) {
            startExamples(servers, tokens);
        }

        Map<String, String> issued = new LinkedHashMap<>();
        for (String role : ROLES) {
            issued.put("HEED_TOKEN_" + role.toUpperCase().replace('-', '_'), tokens.forRole(role, "local-" + role, TOKEN_TTL));
        }
        issued.put("HEED_TOKEN_SYSTEM", tokens.forSystem(DEMO_SYSTEM, TOKEN_TTL));
        StringBuilder env = new StringBuilder("# Bearer tokens for the local stack, valid for " + TOKEN_TTL.toHours()
                + " hours. Load with: source deploy/local/.state/tokens.env\n");
        issued.forEach((k, v) -> env.append("export ").append(k).append('=').append(v).append('\n'));
        env.append("export HEED_KAFKA=").append(servers.kafkaBootstrapServers()).append('\n');
        for (HeedService s : HeedService.ALL) {
            env.append("export HEED_").append(s.name().replace("-service", "").toUpperCase())
                    .append("=http://127.0.0.1:").append(s.port()).append('\n');
        }
        Path tokenFile = state.resolve("tokens.env");
        Files.writeString(tokenFile, env);

        System.out.println();
        System.out.println(services.isEmpty() ? "Kafka and PostgreSQL are up (no services started)." : "Heed is up.");
        for (HeedService s : HeedService.ALL) {
            if (livePid(s.name()).isPresent()) {
                System.out.printf("  %-18s http://127.0.0.1:%d   (health /q/health/ready, metrics /q/metrics, OpenAPI /q/openapi)%n",
                        s.name(), s.port());
            } else {
                System.out.printf("  %-18s not running (port %d is free for ./mvnw -pl %s quarkus:dev)%n", s.name(), s.port(), s.name());
            }
        }
        if (!services.isEmpty()) {
            for (ExampleSystem example : ExampleSystem.ALL) {
                System.out.printf("  %-18s %s%n", example.systemId(), livePid(example.systemId())
                        .map(p -> "answers directives as " + example.directiveKinds() + ", demo customers seeded")
                        .orElse("not running"));
            }
        }
        System.out.println("  Kafka bootstrap    " + servers.kafkaBootstrapServers() + "   (broker " + infra.getProperty("kafka.version") + ")");
        System.out.println("  PostgreSQL         127.0.0.1:" + servers.pgPort() + "   user postgres, databases "
                + String.join(", ", databases(!services.isEmpty())));
        System.out.println("  Logs               " + root.relativize(state.resolve("logs")));
        System.out.println();
        System.out.println("Bearer tokens (" + TOKEN_TTL.toHours() + " h), also in " + root.relativize(tokenFile) + ":");
        issued.forEach((k, v) -> System.out.println("  " + k + "=" + v));
        System.out.println();
        System.out.println("  source " + root.relativize(tokenFile)
                + " && curl -H \"Authorization: Bearer $HEED_TOKEN_PRIVACY_ADMIN\" $HEED_DSR/api/v1/caller");
    }

    /**
     * Registers each example system in dsr-service's registry (again on every start: a
     * registration is an upsert) so directives reach it, then starts those not running yet, each
     * on a database of its own, with the services' subject-key secret.
     */
    private void startExamples(HeedInfra servers, TokenIssuer tokens) throws IOException {
        HeedService dsr = HeedService.ALL.stream().filter(s -> s.name().equals("dsr-service")).findFirst().orElseThrow();
        if (livePid(dsr.name()).isEmpty()) {
            System.out.println("dsr-service is not running, so the example systems are not started");
            return;
        }
        String adminToken = tokens.forRole("privacy-admin", "local-stack", Duration.ofMinutes(5));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (ExampleSystem example : ExampleSystem.ALL) {
            HttpRequest register = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dsr.port() + "/api/v1/systems"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + adminToken)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(example.registration())).build();
            try {
                HttpResponse<String> answer = http.send(register, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() / 100 != 2) {
                    throw new IllegalStateException("dsr-service refused to register " + example.systemId() + ": HTTP "
                            + answer.statusCode() + " " + answer.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        String subjectKeySecret = SubjectKeySecret.persistentIn(state.resolve("keys"));
        for (ExampleSystem example : ExampleSystem.ALL) {
            if (livePid(example.systemId()).isPresent()) {
                System.out.println(example.systemId() + " is already running");
                continue;
            }
            System.out.println("Starting " + example.systemId() + " ...");
            Map<String, String> env = Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", servers.kafkaBootstrapServers(),
                    "JDBC_URL", servers.jdbcUrl(example.database()),
                    "JDBC_USER", servers.username(),
                    "JDBC_PASSWORD", servers.password(),
                    "HEED_SYSTEM_ID", example.systemId(),
                    "HEED_SUBJECT_KEYS_VERSION", Integer.toString(SubjectKeySecret.VERSION),
                    "HEED_SUBJECT_KEYS_SECRET", subjectKeySecret,
                    // The system announces itself and uploads exports with a token of its own.
                    "HEED_DSR_URL", "http://127.0.0.1:" + dsr.port(),
                    "HEED_SYSTEM_TOKEN", tokens.forSystem(example.systemId(), TOKEN_TTL));
            Process process = example.start(root, env, state.resolve("logs").resolve(example.systemId() + ".log"),
                    Duration.ofMinutes(3));
            Files.writeString(pidFile(example.systemId()), Long.toString(process.pid()));
        }
    }

    private static List<String> databases(boolean withExamples) {
        List<String> databases = new ArrayList<>(HeedService.ALL.stream().map(HeedService::database).toList());
        if (withExamples) {
            ExampleSystem.ALL.forEach(e -> databases.add(e.database()));
        }
        return databases;
    }

    private Properties ensureInfra() throws IOException {
        Path dataDir = state.resolve("infra");
        if (livePid("infra").isPresent()) {
            Optional<Properties> announced = InfraProcess.announced(dataDir);
            if (announced.isPresent()) {
                System.out.println("Kafka and PostgreSQL are already running");
                return announced.get();
            }
        }
        System.out.println("Starting Kafka and PostgreSQL ...");
        InfraProcess process = InfraProcess.start(new InfraProcess.Spec(dataDir, KAFKA_PORT, 0,
                KAFKA_CONTROLLER_PORT, POSTGRES_PORT, false, false, Duration.ofMinutes(3)));
        Files.writeString(pidFile("infra"), Long.toString(process.pid()));
        return InfraProcess.announced(dataDir).orElseThrow();
    }

    void down() throws IOException {
        boolean any = false;
        for (ExampleSystem example : ExampleSystem.ALL) {
            any |= stop(example.systemId(), Duration.ofSeconds(30));
        }
        for (HeedService service : HeedService.ALL) {
            any |= stop(service.name(), Duration.ofSeconds(30));
        }
        any |= stop("infra", Duration.ofSeconds(60));
        any |= stopStalePostgres();
        System.out.println(any ? "Heed is down." : "Nothing was running.");
    }

    void status() {
        for (String name : names()) {
            System.out.printf("  %-18s %s%n", name, livePid(name).map(p -> "running, pid " + p).orElse("stopped"));
        }
    }

    private boolean stop(String name, Duration grace) throws IOException {
        Optional<ProcessHandle> live = livePid(name);
        Files.deleteIfExists(pidFile(name));
        if (live.isEmpty()) {
            return false;
        }
        ProcessHandle process = live.get();
        System.out.println("Stopping " + name + " (pid " + process.pid() + ")");
        process.destroy();
        try {
            process.onExit().get(grace.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            System.out.println(name + " did not stop within " + grace + "; killing it");
            process.destroyForcibly();
        }
        return true;
    }

    /** A postgres whose infra process was killed with -9 keeps running on its own. */
    private boolean stopStalePostgres() throws IOException {
        Path pidFile = state.resolve("infra/postgres/postmaster.pid");
        if (!Files.exists(pidFile)) {
            return false;
        }
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        Optional<ProcessHandle> postgres = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (postgres.isEmpty()) {
            return false;
        }
        System.out.println("Stopping a postgres left without its infra process (pid " + pid + ")");
        postgres.get().destroy();
        try {
            postgres.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            postgres.get().destroyForcibly();
        }
        return true;
    }

    private List<String> names() {
        List<String> names = new ArrayList<>(List.of("infra"));
        HeedService.ALL.forEach(s -> names.add(s.name()));
        ExampleSystem.ALL.forEach(e -> names.add(e.systemId()));
        return names;
    }

    private Path pidFile(String name) {
        return state.resolve(name + ".pid");
    }

    /** The recorded process, if it is still alive and still a JVM (pids get reused). */
    private Optional<ProcessHandle> livePid(String name) {
        Path file = pidFile(name);
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(file).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
