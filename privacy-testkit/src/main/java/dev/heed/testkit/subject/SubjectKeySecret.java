package dev.heed.testkit.subject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The HMAC secret behind subject keys ({@code k<version>:...}), for tests and the local stack.
 * Every service of one installation must share it, so that the same customer id gives the same
 * subject key everywhere; production takes it from a Secret, never from the repository.
 */
public final class SubjectKeySecret {

    public static final int VERSION = 1;
    private static final String PER_JVM = generate();

    private SubjectKeySecret() {
    }

    /** One secret for every service a test JVM starts. */
    public static String perJvm() {
        return PER_JVM;
    }

    /** The local stack's secret, created on first use under {@code dir} and kept across restarts. */
    public static String persistentIn(Path dir) {
        Path file = dir.resolve("subject-key.secret");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).trim();
            }
            Files.createDirectories(dir);
            String secret = generate();
            Files.writeString(file, secret);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String generate() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return Base64.getEncoder().encodeToString(secret);
    }
}
