package dev.heed.testkit.stack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of the example downstream systems ({@code examples/}) as the local stack runs it: its own
 * {@code Main} on the classpath its build wrote, configured through environment variables, and
 * registered in dsr-service's registry with what it holds and which directives it handles.
 */
public record ExampleSystem(String systemId, String name, String ownerTeam, String module, String mainClass,
                            String database, List<String> dataCategories, List<String> purposes,
                            List<String> directiveKinds) {

    /** What its {@code Main} prints once it answers directives. */
    static final String ANSWERING = "answers directives";

    public static final List<ExampleSystem> ALL = List.of(
            new ExampleSystem("support-desk", "Support desk", "support", "examples/support-desk",
                    "dev.heed.examples.supportdesk.Main", "example_support_desk",
                    List.of("support"), List.of("customer-support"), List.of("ERASE", "EXPORT")),
            new ExampleSystem("marketing-mailer", "Marketing mailer", "growth", "examples/marketing-mailer",
                    "dev.heed.examples.mailer.Main", "example_marketing_mailer",
                    List.of("contact"), List.of("marketing", "newsletter"), List.of("ERASE", "STOP_PROCESSING")));

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The body of {@code POST /api/v1/systems}. */
    String registration() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("systemId", systemId);
        body.put("name", name);
        body.put("ownerTeam", ownerTeam);
        body.put("dataCategories", dataCategories);
        body.put("purposes", purposes);
        body.put("directiveKinds", directiveKinds);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code target/classes} and the runtime classpath the module's build wrote, or empty if never built. */
    String classpath(Path projectRoot) {
        Path target = projectRoot.resolve(module).resolve("target");
        Path listing = target.resolve("classpath.txt");
        if (!Files.isRegularFile(listing) || !Files.isDirectory(target.resolve("classes"))) {
            throw new IllegalStateException(listing + " does not exist: package the examples first (./mvnw package -DskipTests)");
        }
        try {
            return target.resolve("classes") + File.pathSeparator + Files.readString(listing).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code Main --seed-demo-customers} detached (it outlives the launcher and is stopped
     * by pid) with the same JDK as this JVM, and waits until it answers directives.
     */
    Process start(Path projectRoot, Map<String, String> environment, Path logFile, Duration readyTimeout)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms32m", "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dslf4j.internal.verbosity=ERROR",
                "-cp", classpath(projectRoot), mainClass, "--seed-demo-customers"));
        Files.createDirectories(logFile.getParent());
        long logStart = Files.exists(logFile) ? Files.size(logFile) : 0;
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        Process process = builder.start();
        Instant deadline = Instant.now().plus(readyTimeout);
        while (Instant.now().isBefore(deadline)) {
            if (logSince(logFile, logStart).contains(ANSWERING)) {
                return process;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(systemId + " exited with " + process.exitValue() + "; log: " + logFile
                        + "\n" + logSince(logFile, logStart));
            }
            try {
                process.waitFor(250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        process.destroy();
        throw new IllegalStateException(systemId + " did not answer directives within " + readyTimeout + "; log: " + logFile);
    }

    private static String logSince(Path logFile, long offset) throws IOException {
        byte[] all = Files.readAllBytes(logFile);
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                StandardCharsets.UTF_8);
    }
}
