package dev.heed.platform.subject;

import io.smallrye.config.ConfigMapping;

/**
 * The secret that turns customer ids into subject keys. Outside tests these come from the
 * environment: {@code HEED_SUBJECT_KEYS_VERSION} and {@code HEED_SUBJECT_KEYS_SECRET}.
 */
@ConfigMapping(prefix = "heed.subject-keys")
public interface SubjectKeyConfig {

    /** The version of the secret: the {@code k<version>:} prefix of every key made with it. */
    int version();

    /** The HMAC secret, base64 (standard or URL alphabet), at least 32 bytes once decoded. */
    String secret();
}
