package dev.heed.events.subject;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pseudonymous subject keys: {@code k<version>:} + base64url(HMAC-SHA256(secret, customer id)),
 * without padding. The key, never the customer id, is what Kafka keys, payloads and the audit
 * log carry. The version names the secret, so the secret can be rotated.
 */
public final class SubjectKeys {

    /** A subject key of any version: 32 HMAC bytes are 43 base64url characters. */
    public static final String REGEX = "k[0-9]{1,9}:[A-Za-z0-9_-]{43}";
    private static final Pattern PATTERN = Pattern.compile(REGEX);
    private static final String ALGORITHM = "HmacSHA256";
    /** RFC 2104: a key shorter than the hash output weakens the MAC. */
    private static final int MIN_SECRET_BYTES = 32;

    private final int keyVersion;
    private final SecretKeySpec secret;

    public SubjectKeys(int keyVersion, byte[] secret) {
        if (keyVersion < 0) {
            throw new IllegalArgumentException("key version must not be negative");
        }
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("subject-key secret needs at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.keyVersion = keyVersion;
        this.secret = new SecretKeySpec(secret, ALGORITHM);
    }

    public int keyVersion() {
        return keyVersion;
    }

    public String keyOf(String customerId) {
        if (customerId == null || customerId.isBlank()) {
            throw new IllegalArgumentException("customer id is required");
        }
        return "k" + keyVersion + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(customerId));
    }

    private byte[] mac(String customerId) {
        try {
            // A Mac is not thread-safe; one per call keeps this class shareable across threads.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(secret);
            return mac.doFinal(customerId.getBytes(UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    public static boolean isSubjectKey(String value) {
        return value != null && PATTERN.matcher(value).matches();
    }

    /** Guards payloads against carrying a raw identifier where a subject key belongs. */
    public static String require(String subjectKey, String field) {
        if (!isSubjectKey(subjectKey)) {
            throw new IllegalArgumentException(field + " must be a subject key (" + REGEX + ")");
        }
        return subjectKey;
    }

    /** The version of the secret a subject key was made with. */
    public static int versionOf(String subjectKey) {
        require(subjectKey, "subject key");
        return Integer.parseInt(subjectKey.substring(1, subjectKey.indexOf(':')));
    }
}
