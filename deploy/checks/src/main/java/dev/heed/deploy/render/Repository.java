package dev.heed.deploy.render;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository checkout the checks read deploy/ from. */
public final class Repository {

    private Repository() {
    }

    /** Walks up from the working directory (Maven runs tests in deploy/checks) to the directory holding mvnw and deploy/. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("deploy"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no repository root (a directory with mvnw and deploy/) above " + Path.of("").toAbsolutePath());
    }
}
