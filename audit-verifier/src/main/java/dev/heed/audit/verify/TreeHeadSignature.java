package dev.heed.audit.verify;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 signatures over tree heads, and the PEM forms of their keys. A key id is derived from the
 * public key (the first 16 hex digits of the SHA-256 of its SubjectPublicKeyInfo), so a verifier
 * can tell which key a head claims without trusting a name.
 */
public final class TreeHeadSignature {

    public static final String ALGORITHM = "Ed25519";

    private TreeHeadSignature() {
    }

    /** Signs a head and returns the signature, base64url without padding. */
    public static String sign(TreeHead head, PrivateKey key) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(key);
            signer.update(head.signingInput());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign a tree head with an Ed25519 key", e);
        }
    }

    public static boolean verify(TreeHead head, String signature, PublicKey key) {
        if (!ALGORITHM.equals(head.algorithm()) || !keyId(key).equals(head.keyId())) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(head.signingInput());
            return verifier.verify(Base64.getUrlDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public static String keyId(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519 (it needs Java 15 or newer)", e);
        }
    }

    public static PublicKey publicKeyFromPem(String pem) {
        return decode(pem, "PUBLIC KEY", bytes -> keyFactory().generatePublic(new X509EncodedKeySpec(bytes)));
    }

    public static PrivateKey privateKeyFromPem(String pem) {
        return decode(pem, "PRIVATE KEY", bytes -> keyFactory().generatePrivate(new PKCS8EncodedKeySpec(bytes)));
    }

    public static String toPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    public static String toPem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    private interface KeyDecoder<K> {
        K decode(byte[] der) throws GeneralSecurityException;
    }

    private static <K> K decode(String pem, String label, KeyDecoder<K> decoder) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("not a PEM " + label);
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        try {
            return decoder.decode(der);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 " + label.toLowerCase(), e);
        }
    }

    private static KeyFactory keyFactory() throws GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM);
    }
}
