package dev.heed.testkit.subject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A random 32-byte secret every service (or every replica of one) of an installation must share,
 * base64: one per test JVM, or kept in a file of the local stack across restarts. Production
 * takes each from a Secret.
 */
public final class InstallationSecret {

    /** The HMAC key of subject keys (all services). */
    public static final InstallationSecret SUBJECT_KEYS = new InstallationSecret("subject-key.secret");
    /** The HMAC key dsr-service hashes identity-verification codes with. */
    public static final InstallationSecret DSR_VERIFICATION = new InstallationSecret("dsr-verification.secret");
    /** The AES-256 key dsr-service encrypts export parts and packages with. */
    public static final InstallationSecret DSR_EXPORTS = new InstallationSecret("dsr-exports.key");
    /** The bearer token of the local stack's OpenDSR controller "local" (dsr-service keeps only its SHA-256). */
    public static final InstallationSecret OPENDSR_CONTROLLER_TOKEN = new InstallationSecret("opendsr-controller.token");

    private final String fileName;
    private final String perJvm = generate();

    private InstallationSecret(String fileName) {
        this.fileName = fileName;
    }

    /** One secret for every service a test JVM starts. */
    public String perJvm() {
        return perJvm;
    }

    /** The local stack's secret, created on first use under {@code dir} and kept across restarts. */
    public String persistentIn(Path dir) {
        Path file = dir.resolve(fileName);
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
