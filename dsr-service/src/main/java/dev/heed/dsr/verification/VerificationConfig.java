package dev.heed.dsr.verification;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code heed.dsr.verification.*}; the secret comes from the environment ({@code HEED_DSR_VERIFICATION_SECRET}). */
@ConfigMapping(prefix = "heed.dsr.verification")
public interface VerificationConfig {

    /** The HMAC key codes are hashed with, base64, at least 32 bytes once decoded. The same on every replica. */
    String secret();

    /** How long a code can be used. */
    @WithDefault("PT24H")
    Duration ttl();

    /** Guesses per code, the right one included. */
    @WithDefault("5")
    int maxAttempts();

    /** Digits per code, 6 to 8. */
    @WithDefault("6")
    int codeDigits();

    /** Codes per request: each new one gives new guesses, so their number is bounded too. */
    @WithDefault("3")
    int maxCodes();
}
