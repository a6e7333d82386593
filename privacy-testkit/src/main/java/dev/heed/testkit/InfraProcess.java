package dev.heed.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Launches {@code dev.heed.testkit.infra.InfraServer} (a Kafka broker and a PostgreSQL server) in
 * its own JVM, with the classpath the infra-server module wrote at build time, and waits until it
 * reports ready. Used by the test kit (ephemeral, tied to the test JVM) and by the local stack
 * (persistent data, detached).
 */
public final class InfraProcess {

    static final String MAIN_CLASS = "dev.heed.testkit.infra.InfraServer";
    private static final String CLASSPATH_RESOURCE = "dev/heed/testkit/infra/classpath.txt";
    private static final String READY_FILE = "infra-ready.properties";

    private final Process process;
    private final Path dataDir;
    private final Properties ready;

    private InfraProcess(Process process, Path dataDir, Properties ready) {
        this.process = process;
        this.dataDir = dataDir;
        this.ready = ready;
    }

    /**
     * What to start and how the process is tied to this one. A {@code saslPort} above 0 adds a
     * SCRAM-SHA-512 listener whose users may do only what their ACLs allow.
     */
    public record Spec(Path dataDir, int kafkaPort, int saslPort, int controllerPort, int pgPort,
                       boolean tiedToThisJvm, boolean ephemeral, Duration startTimeout) {

        /** Throwaway infrastructure on free ports, with the secured listener, that dies with this JVM. */
        public static Spec ephemeral(Path dataDir) {
            return new Spec(dataDir, freePort(), freePort(), freePort(), freePort(), true, true, Duration.ofMinutes(2));
        }
    }

    public static InfraProcess start(Spec spec) {
        try {
            Files.createDirectories(spec.dataDir());
            Files.deleteIfExists(spec.dataDir().resolve(READY_FILE));
            List<String> command = new ArrayList<>(List.of(
                    javaExecutable(), "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
                    "-cp", infraClasspath(), MAIN_CLASS,
                    "--data-dir", spec.dataDir().toString(),
                    "--kafka-port", Integer.toString(spec.kafkaPort()),
                    "--sasl-port", Integer.toString(spec.saslPort()),
                    "--controller-port", Integer.toString(spec.controllerPort()),
                    "--pg-port", Integer.toString(spec.pgPort())));
            if (spec.tiedToThisJvm()) {
                command.add("--watch-parent");
            }
            if (spec.ephemeral()) {
                command.add("--ephemeral");
            }
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.dataDir().resolve("infra.log").toFile()));
            if (!spec.tiedToThisJvm()) {
                // A detached process must not see end of file on a pipe to us.
                builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            Process process = builder.start();
            Properties ready = awaitReady(process, spec);
            return new InfraProcess(process, spec.dataDir(), ready);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the infrastructure process", e);
        }
    }

    /** What a running infra process announced in its data directory, if it is running. */
    public static Optional<Properties> announced(Path dataDir) throws IOException {
        Path readyFile = dataDir.resolve(READY_FILE);
        if (!Files.exists(readyFile)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(readyFile)) {
            props.load(in);
        }
        return Optional.of(props);
    }

    private static Properties awaitReady(Process process, Spec spec) throws IOException {
        Instant deadline = Instant.now().plus(spec.startTimeout());
        while (Instant.now().isBefore(deadline)) {
            Optional<Properties> ready = announced(spec.dataDir());
            if (ready.isPresent()) {
                return ready.get();
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("The infrastructure process exited with " + process.exitValue()
                        + " before it was ready; log:\n" + logTail(spec.dataDir()));
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("The infrastructure process was not ready within "
                + spec.startTimeout() + "; log:\n" + logTail(spec.dataDir()));
    }

    public String kafkaBootstrapServers() {
        return ready.getProperty("kafka.bootstrap");
    }

    /** The SCRAM-SHA-512 listener (SASL_PLAINTEXT), or null when the process has none. */
    public String kafkaSaslBootstrapServers() {
        return ready.getProperty("kafka.sasl.bootstrap");
    }

    public int postgresPort() {
        return Integer.parseInt(ready.getProperty("postgres.port"));
    }

    /** The Kafka release the broker runs, as it reports it. */
    public String kafkaVersion() {
        return ready.getProperty("kafka.version");
    }

    public long pid() {
        return process.pid();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops broker and database and waits for the process to end. */
    public void stop() {
        ChildProcess.stop(process, Duration.ofSeconds(30));
    }

    static String infraClasspath() throws IOException {
        URL listing = InfraProcess.class.getClassLoader().getResource(CLASSPATH_RESOURCE);
        if (listing == null) {
            throw new IllegalStateException(CLASSPATH_RESOURCE + " is not on the classpath: "
                    + "build privacy-testkit/infra-server first (./mvnw install -DskipTests)");
        }
        String dependencies;
        try (InputStream in = listing.openStream()) {
            dependencies = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        return codeSourceOf(listing) + java.io.File.pathSeparator + dependencies;
    }

    /** The jar or classes directory that holds the listing also holds InfraServer itself. */
    private static String codeSourceOf(URL resource) {
        String url = resource.toString();
        try {
            if (url.startsWith("jar:")) {
                String jar = url.substring("jar:".length(), url.indexOf("!/"));
                return Path.of(new java.net.URI(jar)).toString();
            }
            Path file = Path.of(resource.toURI());
            Path root = file;
            for (int i = 0; i < CLASSPATH_RESOURCE.split("/").length; i++) {
                root = root.getParent();
            }
            return root.toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate " + url, e);
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A port nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String logTail(Path dataDir) {
        return ChildProcess.logTail(dataDir.resolve("infra.log"), 40);
    }
}
