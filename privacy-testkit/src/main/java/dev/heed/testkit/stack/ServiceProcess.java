package dev.heed.testkit.stack;

import dev.heed.testkit.ChildProcess;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged service running as its own process ({@code java -jar quarkus-run.jar}), configured
 * only through environment variables, exactly as it would run anywhere else.
 *
 * <p>Tied to this JVM (system tests), it runs under a small {@code sh} guard that stops it when
 * the guard's standard input, a pipe from us, closes: so a test JVM killed with -9 leaves no
 * service behind. Detached (the local stack), it outlives the launcher and is stopped by pid.
 */
public final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final HeedService service;
    private final Process process;
    private final Path log;

    private ServiceProcess(HeedService service, Process process, Path log) {
        this.service = service;
        this.process = process;
        this.log = log;
    }

    public static ServiceProcess start(HeedService service, Path jar, Map<String, String> environment,
                                       Path logFile, boolean tiedToThisJvm) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: package the services first (./mvnw package -DskipTests)");
        }
        List<String> java = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString());
        List<String> command = new ArrayList<>();
        if (tiedToThisJvm) {
            // sh keeps a pipe to us; when it reads end of file the service is stopped cleanly.
            command.addAll(List.of("sh", "-c",
                    "\"$@\" </dev/null & child=$!; trap 'kill $child; wait $child; exit' TERM; "
                            + "cat >/dev/null; kill $child; wait $child", "heed-guard"));
        }
        command.addAll(java);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        if (!tiedToThisJvm) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(logFile.getParent());
            return new ServiceProcess(service, builder.start(), logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + service.name(), e);
        }
    }

    /** Whoever else listens there would answer our readiness checks in the service's place. */
    static void requireFreePort(HeedService service) {
        try (ServerSocket probe = new ServerSocket(service.port())) {
            probe.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("Port " + service.port() + " for " + service.name()
                    + " is already in use by another process; stop it first", e);
        }
    }

    /** Waits until {@code /q/health/ready} answers 200. */
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        URI ready = URI.create(baseUrl() + "/q/health/ready");
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service.name() + " exited with " + process.exitValue()
                        + "; log: " + log + "\n" + logTail());
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep polling until the deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                process.waitFor(250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(service.name() + " was not ready within " + timeout + "; log: " + log + "\n" + logTail());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + service.port();
    }

    public HeedService service() {
        return service;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public void stop() {
        ChildProcess.stop(process, Duration.ofSeconds(30));
    }

    /** Ends the service's JVM with SIGKILL, as a crash or an OOM kill would: no shutdown hook runs. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String logTail() {
        return ChildProcess.logTail(log, 30);
    }
}
