package dev.heed.testkit.subject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The HMAC key dsr-service hashes identity-verification codes with, for tests and the local
 * stack. Every replica of dsr-service must share it; production takes it from a Secret.
 */
public final class VerificationSecret {

    private static final String PER_JVM = generate();

    private VerificationSecret() {
    }

    public static String perJvm() {
        return PER_JVM;
    }

    /** The local stack's key, created on first use under {@code dir} and kept across restarts. */
    public static String persistentIn(Path dir) {
        Path file = dir.resolve("dsr-verification.secret");
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
