package dev.heed.testkit.receipt;

import dev.heed.testkit.PerJvmFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * The private JWK Set consent-service signs receipts with ({@code heed.receipts.signing-keys}),
 * for tests and the local stack. Production mounts its own from a Secret, never from the repository.
 */
public final class ReceiptSigningKeys {

    /** The key the tests' consent-service signs with ({@code %test.heed.receipts.active-key-id}). */
    public static final String FIRST_KEY_ID = "test-receipts-1";
    /** Published from the start, so a test can rotate to it by configuration alone. */
    public static final String NEXT_KEY_ID = "test-receipts-2";
    /** The local stack's one key ({@code %dev.heed.receipts.active-key-id}). */
    public static final String LOCAL_KEY_ID = "local-receipts-1";
    public static final String FILE_NAME = "receipt-keys.jwks";

    private ReceiptSigningKeys() {
    }

    /** One key file for every service a test JVM starts, holding {@link #FIRST_KEY_ID} and {@link #NEXT_KEY_ID}. */
    public static Path perJvm() {
        return PerJvm.FILE;
    }

    /** The local stack's key file, created on first use under {@code dir} and kept across restarts. */
    public static Path persistentIn(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            write(file, List.of(LOCAL_KEY_ID));
        }
        return file;
    }

    /** A private JWK Set of new ES256 (P-256) keys, one per key id, readable by the owner only. */
    public static void write(Path file, List<String> keyIds) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            PerJvmFile.writeOwnerOnly(file, generate(keyIds));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String generate(List<String> keyIds) {
        List<JsonWebKey> keys = new ArrayList<>();
        try {
            for (String keyId : keyIds) {
                EllipticCurveJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
                key.setKeyId(keyId);
                key.setAlgorithm("ES256");
                key.setUse("sig");
                keys.add(key);
            }
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
        return new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE);
    }

    /** Created on first use only: JVMs whose services sign nothing never write a key file. */
    private static final class PerJvm {
        static final Path FILE = PerJvmFile.once("receipt-keys", () -> {
            Path file = Files.createTempFile("heed-receipt-keys-", ".jwks");
            file.toFile().deleteOnExit();
            write(file, List.of(FIRST_KEY_ID, NEXT_KEY_ID));
            return file;
        });
    }
}
