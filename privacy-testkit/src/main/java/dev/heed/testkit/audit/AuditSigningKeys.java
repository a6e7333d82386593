package dev.heed.testkit.audit;

import dev.heed.testkit.PerJvmFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

/**
 * The Ed25519 key audit-service signs tree heads with ({@code heed.audit.signing.key-file}) and its
 * public key ({@code heed.audit.signing.public-key-file}), in the PEM files {@code heed-verify keygen}
 * writes, for tests and the local stack. Production mounts its own from a Secret, never from the repository.
 */
public final class AuditSigningKeys {

    public static final String PRIVATE_KEY_FILE = "audit-signing-key.pem";
    public static final String PUBLIC_KEY_FILE = "audit-public-key.pem";

    private AuditSigningKeys() {
    }

    /** The signing key every audit-service a test JVM starts uses; its public key is {@link #publicKey(Path)}. */
    public static Path perJvm() {
        return PerJvm.FILE;
    }

    /** The local stack's key, created on first use under {@code dir} and kept across restarts. */
    public static Path persistentIn(Path dir) {
        Path file = dir.resolve(PRIVATE_KEY_FILE);
        if (!Files.exists(file)) {
            write(dir);
        }
        return file;
    }

    /** The public key file beside a signing key file. */
    public static Path publicKey(Path signingKey) {
        return signingKey.resolveSibling(PUBLIC_KEY_FILE);
    }

    /** Writes a new pair into {@code dir}: the private key readable by the owner only. */
    public static Path write(Path dir) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Files.createDirectories(dir);
            Path privateKey = dir.resolve(PRIVATE_KEY_FILE);
            PerJvmFile.writeOwnerOnly(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(dir.resolve(PUBLIC_KEY_FILE), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            return privateKey;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /** Created on first use only. */
    private static final class PerJvm {
        static final Path FILE = PerJvmFile.once("audit-signing-key", () -> {
            Path dir = Files.createTempDirectory("heed-audit-keys-");
            Path file = write(dir);
            file.toFile().deleteOnExit();
            publicKey(file).toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return file;
        });
    }
}
