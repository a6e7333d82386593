package dev.heed.testkit.subject;

import java.nio.file.Path;

/**
 * The HMAC secret behind subject keys ({@code k<version>:...}), for tests and the local stack.
 * Every service of one installation must share it, so that the same customer id gives the same
 * subject key everywhere; production takes it from a Secret, never from the repository.
 */
public final class SubjectKeySecret {

    public static final int VERSION = 1;

    private SubjectKeySecret() {
    }

    /** One secret for every service a test JVM starts. */
    public static String perJvm() {
        return InstallationSecret.SUBJECT_KEYS.perJvm();
    }

    /** The local stack's secret, created on first use under {@code dir} and kept across restarts. */
    public static String persistentIn(Path dir) {
        return InstallationSecret.SUBJECT_KEYS.persistentIn(dir);
    }
}
