package dev.heed.dsr.support;

import dev.heed.testkit.pki.TestCertificateAuthority;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The service with a clock the test moves, and the leader-only directive, export-expiry and hold-release jobs
 * run by nobody, so a moved clock changes nothing behind the test's back. Codes have 8 digits: a code found in a
 * table or a log is then a leak, not a coincidence.
 */
public class MovableTime implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                // Selects the alternative producer (a profile's enabled alternatives must be bean classes).
                "quarkus.arc.selected-alternatives", MovableClock.class.getName(),
                "heed.directives.deadlines.every", "off",
                "heed.directives.resend.every", "off",
                "heed.dsr.exports.expiry.every", "off",
                "heed.dsr.holds.every", "off",
                "heed.dsr.opendsr.release-every", "off",
                "heed.dsr.opendsr.callbacks.every", "off",
                "heed.dsr.verification.code-digits", "8",
                // Test vendors reached by OpenDSR sign with certificates from the per-JVM test CA.
                "heed.dsr.opendsr.vendors.trust-anchors",
                TestCertificateAuthority.perJvm().certificateFile().toString(),
                "quarkus.log.category.\"dev.heed\".level", "DEBUG");
    }
}
