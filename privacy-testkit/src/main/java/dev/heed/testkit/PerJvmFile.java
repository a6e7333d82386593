package dev.heed.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Key files the test kit creates once per test JVM. Quarkus loads the test kit again for each test
 * profile, so a static field alone would create a second file after a profile switch and what was
 * signed before would no longer verify; a system property remembers the first file instead.
 */
public final class PerJvmFile {

    /** Creates the file, deleted when the JVM exits, and returns it. */
    @FunctionalInterface
    public interface Creation {
        Path create() throws IOException;
    }

    private PerJvmFile() {
    }

    /** The file remembered under {@code heed.testkit.<name>}, created by {@code creation} on first use. */
    public static synchronized Path once(String name, Creation creation) {
        String property = "heed.testkit." + name;
        String shared = System.getProperty(property);
        if (shared != null) {
            return Path.of(shared);
        }
        try {
            Path file = creation.create();
            System.setProperty(property, file.toString());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a private key file that only its owner may read. */
    public static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
