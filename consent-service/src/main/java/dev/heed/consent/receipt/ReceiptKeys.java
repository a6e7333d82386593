package dev.heed.consent.receipt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * The receipt signing keys: one signs, all are published. Loaded once at start from a private JWK
 * Set; anything wrong with it stops the service with a message naming the problem (never a key's
 * private part), because a replica that signs with a key of its own makes receipts nobody can verify.
 */
public final class ReceiptKeys {

    static final int MIN_RSA_BITS = 2048;

    /** The key that signs new receipts. */
    public record SigningKey(String keyId, String algorithm, PrivateKey privateKey) {

        @Override
        public String toString() {
            return "SigningKey[keyId=" + keyId + ", algorithm=" + algorithm + "]";
        }
    }

    private final SigningKey active;
    private final List<String> keyIds;
    private final String publicJwks;

    private ReceiptKeys(SigningKey active, List<String> keyIds, String publicJwks) {
        this.active = active;
        this.keyIds = keyIds;
        this.publicJwks = publicJwks;
    }

    /**
     * @param file        a private JWK Set
     * @param activeKeyId which of its keys signs
     * @throws IllegalStateException naming the setting and what is wrong with it
     */
    public static ReceiptKeys load(String file, String activeKeyId) {
        if (file == null || file.isBlank()) {
            throw invalid("heed.receipts.signing-keys is empty: set it to the path of a private JWK Set file");
        }
        Path path = Path.of(file.strip());
        String json;
        try {
            json = Files.readString(path);
        } catch (IOException e) {
            throw invalid("heed.receipts.signing-keys: cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        }
        List<JsonWebKey> keys;
        try {
            keys = new JsonWebKeySet(json).getJsonWebKeys();
        } catch (JoseException | RuntimeException e) {
            // Not the parser's message: it may quote the file, private parts included.
            throw invalid("heed.receipts.signing-keys: " + path + " is not a JWK Set ({\"keys\": [...]})");
        }
        if (keys.isEmpty()) {
            throw invalid("heed.receipts.signing-keys: " + path + " holds no key");
        }
        SigningKey active = null;
        List<String> keyIds = new ArrayList<>();
        List<JsonWebKey> published = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            JsonWebKey key = keys.get(i);
            String keyId = key.getKeyId();
            if (keyId == null || keyId.isBlank()) {
                throw invalid("heed.receipts.signing-keys: key " + i + " of " + path + " has no kid");
            }
            if (!seen.add(keyId)) {
                throw invalid("heed.receipts.signing-keys: kid " + keyId + " appears twice in " + path);
            }
            String algorithm = algorithmOf(key, path);
            PublicJsonWebKey pair = (PublicJsonWebKey) key;
            if (pair.getPrivateKey() == null) {
                // Even a retired key stays private in this file: only this service publishes it.
                throw invalid("heed.receipts.signing-keys: key " + keyId + " of " + path + " has no private part");
            }
            keyIds.add(keyId);
            published.add(publicOnly(pair, algorithm));
            if (keyId.equals(activeKeyId)) {
                active = new SigningKey(keyId, algorithm, pair.getPrivateKey());
            }
        }
        if (activeKeyId == null || activeKeyId.isBlank()) {
            throw invalid("heed.receipts.active-key-id is empty: set it to one of " + keyIds);
        }
        if (active == null) {
            throw invalid("heed.receipts.active-key-id " + activeKeyId + " is not a kid of " + path + " (it holds "
                    + keyIds + ")");
        }
        return new ReceiptKeys(active, List.copyOf(keyIds), new JsonWebKeySet(published)
                .toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
    }

    public SigningKey active() {
        return active;
    }

    /** Every key id of the file, the active one among them. */
    public List<String> keyIds() {
        return keyIds;
    }

    /** The public JWK Set: every key, retired ones too, so that every receipt ever issued verifies. */
    public String publicJwks() {
        return publicJwks;
    }

    private static String algorithmOf(JsonWebKey key, Path path) {
        String expected;
        if (key instanceof EllipticCurveJsonWebKey ec) {
            if (!EllipticCurves.P_256.equals(ec.getCurveName())) {
                throw invalid("heed.receipts.signing-keys: key " + key.getKeyId() + " of " + path
                        + " is on curve " + ec.getCurveName() + "; only P-256 (ES256) is supported");
            }
            expected = AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256;
        } else if (key instanceof RsaJsonWebKey rsa) {
            int bits = ((RSAPublicKey) rsa.getPublicKey()).getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw invalid("heed.receipts.signing-keys: RSA key " + key.getKeyId() + " of " + path + " has "
                        + bits + " bits; at least " + MIN_RSA_BITS + " are required");
            }
            expected = AlgorithmIdentifiers.RSA_USING_SHA256;
        } else {
            throw invalid("heed.receipts.signing-keys: key " + key.getKeyId() + " of " + path + " is of type "
                    + key.getKeyType() + "; only EC (P-256) and RSA keys sign receipts");
        }
        if (key.getAlgorithm() != null && !key.getAlgorithm().equals(expected)) {
            throw invalid("heed.receipts.signing-keys: key " + key.getKeyId() + " of " + path + " declares alg "
                    + key.getAlgorithm() + "; a " + key.getKeyType() + " key signs receipts with " + expected);
        }
        if (key.getUse() != null && !key.getUse().equals("sig")) {
            throw invalid("heed.receipts.signing-keys: key " + key.getKeyId() + " of " + path + " has use "
                    + key.getUse() + "; receipt keys are for signatures (sig)");
        }
        return expected;
    }

    private static JsonWebKey publicOnly(PublicJsonWebKey key, String algorithm) {
        try {
            PublicJsonWebKey published = PublicJsonWebKey.Factory.newPublicJwk(key.getPublicKey());
            published.setKeyId(key.getKeyId());
            published.setAlgorithm(algorithm);
            published.setUse("sig");
            return published;
        } catch (JoseException e) {
            throw invalid("heed.receipts.signing-keys: key " + key.getKeyId() + " cannot be published");
        }
    }

    private static IllegalStateException invalid(String message) {
        return new IllegalStateException("Receipt signing keys are misconfigured: " + message);
    }
}
