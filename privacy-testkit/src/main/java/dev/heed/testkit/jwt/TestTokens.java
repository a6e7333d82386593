package dev.heed.testkit.jwt;

import java.time.Duration;

/** Tokens for tests, signed by a key pair generated once per test JVM. */
public final class TestTokens {

    public static final String ISSUER = TokenIssuer.ISSUER;
    public static final String PRIVACY_ADMIN = "privacy-admin";
    public static final String PRIVACY_OPERATOR = "privacy-operator";
    public static final String SUPPORT_AGENT = "support-agent";
    public static final String AUDITOR = "auditor";
    public static final String SYSTEM = "system";

    private static final TokenIssuer ISSUER_KEYS = TokenIssuer.generate();
    private static final Duration TTL = Duration.ofHours(1);

    private TestTokens() {
    }

    public static String forRole(String role) {
        return ISSUER_KEYS.forRole(role, "test-" + role, TTL);
    }

    public static String forSystem(String systemId) {
        return ISSUER_KEYS.forSystem(systemId, TTL);
    }

    public static String publicKeyPem() {
        return ISSUER_KEYS.publicKeyPem();
    }

    public static TokenIssuer issuer() {
        return ISSUER_KEYS;
    }
}
