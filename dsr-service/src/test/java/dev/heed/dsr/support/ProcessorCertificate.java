package dev.heed.dsr.support;

import dev.heed.testkit.pki.TestCertificateAuthority;
import dev.heed.testkit.pki.TestCertificateAuthority.IssuedCertificate;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * The OpenDSR signing key and certificate of the dsr-service under test, issued by the JVM's test CA
 * for {@link #DOMAIN}. Quarkus applies test resources to every test of the module, so it costs no restart.
 */
public class ProcessorCertificate implements QuarkusTestResourceLifecycleManager {

    public static final String DOMAIN = "dsr.heed.test";

    @Override
    public Map<String, String> start() {
        IssuedCertificate issued = TestCertificateAuthority.perJvm().issue(DOMAIN);
        return Map.of("heed.dsr.opendsr.key-file", issued.keyFile().toString(),
                "heed.dsr.opendsr.certificate-file", issued.chainFile().toString(),
                "heed.dsr.opendsr.processor-domain", DOMAIN);
    }

    @Override
    public void stop() {
    }
}
