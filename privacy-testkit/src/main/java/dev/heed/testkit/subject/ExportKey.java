package dev.heed.testkit.subject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The AES-256 key dsr-service encrypts export parts and packages with, for the local stack. Every
 * replica of dsr-service must share it; production takes it from a Secret.
 */
public final class ExportKey {

    private ExportKey() {
    }

    /** The local stack's key, created on first use under {@code dir} and kept across restarts. */
    public static String persistentIn(Path dir) {
        Path file = dir.resolve("dsr-exports.key");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            Files.createDirectories(dir);
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            String encoded = Base64.getEncoder().encodeToString(key);
            Files.writeString(file, encoded);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return encoded;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
