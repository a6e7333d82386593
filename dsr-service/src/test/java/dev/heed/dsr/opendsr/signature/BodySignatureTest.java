package dev.heed.dsr.opendsr.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.dsr.opendsr.signature.SignatureVerifier.SignatureRejected;
import dev.heed.testkit.pki.TestCertificateAuthority;
import dev.heed.testkit.pki.TestCertificateAuthority.IssuedCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BodySignatureTest {

    private static final String DOMAIN = "processor.heed.test";
    private static final byte[] BODY = "{\"subject_request_id\":\"a7551968-d5d6-44b2-9831-815ac9017798\"}"
            .getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void aSignatureFromTheMountedFilesVerifiesAgainstTheCaAndFailsForAChangedByte() {
        TestCertificateAuthority ca = TestCertificateAuthority.create(dir.resolve("ca"));
        IssuedCertificate issued = ca.issue(DOMAIN);
        BodySigner signer = BodySigner.fromPemFiles(issued.keyFile(), issued.chainFile());
        SignatureVerifier verifier = new SignatureVerifier(List.of(ca.certificate()));
        String signature = signer.sign(BODY);

        assertEquals(2, signer.chain().size());
        verifier.verify(BODY, signature, signer.chain(), DOMAIN, Instant.now());
        verifier.verify(BODY, signature, Pem.certificates(signer.chainPem()), DOMAIN, Instant.now());

        byte[] changed = BODY.clone();
        changed[10] ^= 1;
        SignatureRejected rejected = assertThrows(SignatureRejected.class,
                () -> verifier.verify(changed, signature, signer.chain(), DOMAIN, Instant.now()));
        assertTrue(rejected.getMessage().contains("does not match"), rejected.getMessage());
    }

    @Test
    void anotherDomainAnotherCaOrAnExpiredCertificateIsRefused() throws Exception {
        TestCertificateAuthority ca = TestCertificateAuthority.create(dir.resolve("ca"));
        TestCertificateAuthority stranger = TestCertificateAuthority.create(dir.resolve("stranger"));
        BodySigner signer = BodySigner.fromPemFiles(ca.issue(DOMAIN).keyFile(), ca.issue(DOMAIN).chainFile());
        BodySigner foreign = BodySigner.fromPemFiles(stranger.issue(DOMAIN).keyFile(), stranger.issue(DOMAIN).chainFile());
        SignatureVerifier verifier = new SignatureVerifier(List.of(ca.certificate()));

        assertThrows(SignatureRejected.class,
                () -> verifier.verify(BODY, signer.sign(BODY), signer.chain(), "other.heed.test", Instant.now()));
        assertThrows(SignatureRejected.class,
                () -> verifier.verify(BODY, foreign.sign(BODY), foreign.chain(), DOMAIN, Instant.now()));
        assertThrows(SignatureRejected.class, () -> verifier.verify(BODY, signer.sign(BODY), signer.chain(), DOMAIN,
                Instant.now().plusSeconds(3 * 365 * 86_400L)));
        assertTrue(Files.readString(ca.certificateFile()).contains("BEGIN CERTIFICATE"));
    }
}
