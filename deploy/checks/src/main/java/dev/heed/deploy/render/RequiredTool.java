package dev.heed.deploy.render;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command-line tool the checks run. A missing tool fails with its name and how to install it:
 * a check that silently skipped would pass on exactly the machines that cannot check anything.
 */
public record RequiredTool(String command, String installHint) {

    public static final RequiredTool KUBECTL = new RequiredTool("kubectl",
            "install kubectl >= 1.27 (its built-in kustomize v5 renders the overlays): https://kubernetes.io/docs/tasks/tools/");
    public static final RequiredTool PROMTOOL = new RequiredTool("promtool",
            "install Debian's prometheus package: apt-get install -y --no-install-recommends prometheus");

    private static final long TIMEOUT_SECONDS = 120;

    /** The executable on the PATH, or an {@link IllegalStateException} naming the tool. */
    public Path locate() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(command + " is not on the PATH (" + path + "): " + installHint);
    }

    /**
     * Runs the tool in {@code workingDirectory}. Its standard error is kept apart from its output:
     * kustomize warns about deprecated fields on stderr while the YAML on stdout is still good.
     */
    public Result run(Path workingDirectory, String... arguments) {
        List<String> commandLine = new ArrayList<>();
        commandLine.add(locate().toString());
        commandLine.addAll(List.of(arguments));
        Path errors = null;
        try {
            errors = Files.createTempFile(command, ".stderr");
            Process process = new ProcessBuilder(commandLine)
                    .directory(workingDirectory.toFile())
                    .redirectError(errors.toFile())
                    .start();
            process.getOutputStream().close();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", commandLine) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(String.join(" ", commandLine), process.exitValue(), output, Files.readString(errors));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", commandLine) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } finally {
            if (errors != null) {
                errors.toFile().delete();
            }
        }
    }

    public record Result(String commandLine, int exitCode, String output, String errors) {

        public boolean succeeded() {
            return exitCode == 0;
        }

        /** The output, or an {@link IllegalStateException} carrying it when the tool failed. */
        public String outputOrFail() {
            if (!succeeded()) {
                throw new IllegalStateException(commandLine + " exited with " + exitCode + ":\n" + errors + output);
            }
            return output;
        }

        /** What the tool printed, errors first, for a failure message. */
        public String everything() {
            return errors + output;
        }
    }
}
