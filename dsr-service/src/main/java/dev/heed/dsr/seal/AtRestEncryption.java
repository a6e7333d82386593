package dev.heed.dsr.seal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for what dsr-service keeps at rest (export parts, packages, notices waiting for delivery): a random 96-bit nonce per value, and
 * associated data naming the request and the row, so a ciphertext moved to another row does not
 * open. Keys are not rotated yet: a new key makes stored values unreadable (they live 30 days).
 */
public final class AtRestEncryption {

    public static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String AES_GCM = "AES/GCM/NoPadding";

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private final String property;

    /** @param property the configuration property the key comes from, named in errors (never the key) */
    public AtRestEncryption(String base64Key, String property) {
        this.property = property;
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " must be base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException(property + " must be 32 bytes (AES-256) once decoded");
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    /** A value as stored: the nonce and the ciphertext with its tag. */
    public record Sealed(byte[] nonce, byte[] ciphertext) {
    }

    public Sealed seal(byte[] plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        return new Sealed(nonce, run(Cipher.ENCRYPT_MODE, nonce, plaintext, associatedData));
    }

    public byte[] open(Sealed sealed, String associatedData) {
        return run(Cipher.DECRYPT_MODE, sealed.nonce(), sealed.ciphertext(), associatedData);
    }

    private byte[] run(int mode, byte[] nonce, byte[] input, String associatedData) {
        try {
            Cipher cipher = Cipher.getInstance(AES_GCM);
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            // A wrong key, or a value that was tampered with or moved: never silently wrong data.
            throw new IllegalStateException("a stored value does not decrypt with " + property, e);
        }
    }
}
