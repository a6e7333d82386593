package dev.heed.audit.verify.c2sp;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys as c2sp.org/signed-note names them: the 4-byte key id
 * {@code SHA-256(name || "\n" || type || raw key)[:4]} and the verifier key string
 * {@code name+hex(id)+base64(type || raw key)}. Type 0x01 signs notes (a log's checkpoint),
 * type 0x04 makes c2sp.org/tlog-cosignature v1 cosignatures (a witness's).
 */
public final class NoteKeys {

    public static final byte ED25519 = 0x01;
    public static final byte COSIGNATURE_V1 = 0x04;

    /** The DER prefix of an X.509 SubjectPublicKeyInfo holding a raw 32-byte Ed25519 key. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private NoteKeys() {
    }

    /** The 32 raw bytes of an Ed25519 public key (RFC 8032 encoding). */
    public static byte[] raw(PublicKey key) {
        byte[] der = key.getEncoded();
        if (der.length != SPKI_PREFIX.length + 32
                || !Arrays.equals(Arrays.copyOf(der, SPKI_PREFIX.length), SPKI_PREFIX)) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        return Arrays.copyOfRange(der, SPKI_PREFIX.length, der.length);
    }

    public static PublicKey fromRaw(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + raw.length);
        }
        byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + 32);
        System.arraycopy(raw, 0, der, SPKI_PREFIX.length, 32);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    public static byte[] keyId(String name, byte type, PublicKey key) {
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        input.writeBytes(name.getBytes(UTF_8));
        input.write('\n');
        input.write(type);
        input.writeBytes(raw(key));
        try {
            return Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(input.toByteArray()), 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    public static String vkey(String name, byte type, PublicKey key) {
        checkName(name);
        byte[] material = new byte[33];
        material[0] = type;
        System.arraycopy(raw(key), 0, material, 1, 32);
        return name + "+" + HexFormat.of().formatHex(keyId(name, type, key)) + "+"
                + Base64.getEncoder().encodeToString(material);
    }

    /** A parsed verifier key; its id is checked against name, type and key. */
    public static Verifier parseVkey(String vkey) {
        String[] parts = vkey.strip().split("\\+", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a verifier key is name+id+key");
        }
        byte[] material = Base64.getDecoder().decode(parts[2]);
        if (material.length != 33) {
            throw new IllegalArgumentException("an Ed25519 verifier key holds 33 bytes");
        }
        PublicKey key = fromRaw(Arrays.copyOfRange(material, 1, 33));
        Verifier verifier = new Verifier(parts[0], material[0], key);
        if (!HexFormat.of().formatHex(verifier.keyId()).equals(parts[1])) {
            throw new IllegalArgumentException("the verifier key's id does not match its name and key");
        }
        return verifier;
    }

    static void checkName(String name) {
        if (name.isEmpty() || name.contains("+") || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a key name is non-empty, without spaces or '+'");
        }
    }

    /** A trusted key: its name, signature type and public key. */
    public record Verifier(String name, byte type, PublicKey key) {

        public byte[] keyId() {
            return NoteKeys.keyId(name, type, key);
        }

        public String vkey() {
            return NoteKeys.vkey(name, type, key);
        }
    }
}
