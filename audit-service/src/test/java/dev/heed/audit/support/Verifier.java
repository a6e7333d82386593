package dev.heed.audit.support;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.heed.audit.verify.VerifyCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the auditor's verifier on a document: the packaged {@code heed-verify.jar} as its own
 * process, as an auditor would, or its command in this JVM when the jar has not been built.
 */
public final class Verifier {

    private static final Path JAR = Path.of("..", "audit-verifier", "target", "heed-verify.jar");

    private Verifier() {
    }

    /** @param exitCode 0 verified, 1 not verified, 2 usage */
    public record Outcome(int exitCode, String output) {
    }

    public static boolean usesJar() {
        return Files.isRegularFile(JAR);
    }

    public static Outcome run(String command, String document, Path publicKey) throws IOException, InterruptedException {
        Path file = Files.createTempFile("heed-evidence-", ".json");
        try {
            Files.writeString(file, document);
            if (!usesJar()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                int code = VerifyCommand.run(new String[] {command, file.toString(), "--key", publicKey.toString()},
                        new PrintStream(out, true, UTF_8), new PrintStream(out, true, UTF_8));
                return new Outcome(code, out.toString(UTF_8));
            }
            List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", JAR.toAbsolutePath().toString(), command, file.toString(), "--key", publicKey.toString()));
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("heed-verify did not finish within 60 s");
            }
            return new Outcome(process.exitValue(), output);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
