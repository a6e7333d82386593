package dev.heed.audit.tlog;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The independent verifier: {@code src/test/go/c2spverify}, built with Debian's Go against Debian's
 * {@code golang.org/x/mod/sumdb/{note,tlog}} (packages golang-go, golang-golang-x-mod-dev), offline
 * and without modules. A missing {@code go} or package fails the build here, so the test fails
 * instead of passing without the check.
 */
final class GoVerifier {

    private static final Path SOURCE = Path.of("src/test/go/c2spverify");
    private static final Path TARGET = Path.of("target/go");

    private final Path binary;

    private GoVerifier(Path binary) {
        this.binary = binary;
    }

    static GoVerifier build() throws Exception {
        Files.createDirectories(TARGET);
        Path binary = TARGET.resolve("c2spverify").toAbsolutePath();
        ProcessBuilder go = new ProcessBuilder("go", "build", "-o", binary.toString(), ".")
                .directory(SOURCE.toFile());
        go.environment().put("GO111MODULE", "off");
        go.environment().put("GOPATH", System.getenv().getOrDefault("HEED_GOPATH", "/usr/share/gocode"));
        go.environment().put("GOCACHE", TARGET.resolve("cache").toAbsolutePath().toString());
        go.environment().put("GOFLAGS", "");
        Result built;
        try {
            built = run(go);
        } catch (IOException e) {
            throw new AssertionError("`go` is required for the independent verification (apt-get install "
                    + "golang-go golang-golang-x-mod-dev): " + e.getMessage(), e);
        }
        if (built.exit() != 0) {
            throw new AssertionError("go build of " + SOURCE + " failed (is golang-golang-x-mod-dev installed?):\n"
                    + built.output());
        }
        return new GoVerifier(binary);
    }

    Result verify(String logUrl, String vkey, String token, String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-log", logUrl, "-vkey", vkey,
                "-token", token));
        command.addAll(List.of(more));
        return run(new ProcessBuilder(command));
    }

    private static Result run(ProcessBuilder builder) throws Exception {
        Process process = builder.redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + builder.command());
        }
        return new Result(process.exitValue(), new String(output, UTF_8));
    }

    record Result(int exit, String output) {
    }
}
