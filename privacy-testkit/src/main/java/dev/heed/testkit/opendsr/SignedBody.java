package dev.heed.testkit.opendsr;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Checks an OpenDSR signature the way a controller would, with the JDK alone and none of Heed's
 * code: the PEM certificate chains to the test CA (PKIX), names the domain (SAN dNSName), and its
 * key verifies SHA256withRSA over the exact body bytes.
 */
public final class SignedBody {

    private SignedBody() {
    }

    /** The certificates of a PEM text, leaf first. */
    public static List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
        return CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                .stream().map(X509Certificate.class::cast).toList();
    }

    /**
     * Validates the chain to {@code ca} and that the leaf names {@code domain}.
     *
     * @throws GeneralSecurityException when it does not chain or does not name the domain
     */
    public static X509Certificate trustedLeaf(List<X509Certificate> chain, X509Certificate ca, String domain)
            throws GeneralSecurityException {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
        X509Certificate leaf = chain.get(0);
        boolean named = leaf.getSubjectAlternativeNames() != null && leaf.getSubjectAlternativeNames().stream()
                .anyMatch(name -> ((Integer) name.get(0)) == 2 && domain.equals(name.get(1)));
        if (!named) {
            throw new GeneralSecurityException("the certificate does not name " + domain);
        }
        return leaf;
    }

    /** Whether {@code signatureBase64} is the leaf key's SHA256withRSA signature of exactly {@code body}. */
    public static boolean verifies(X509Certificate leaf, byte[] body, String signatureBase64)
            throws GeneralSecurityException {
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initVerify(leaf.getPublicKey());
        signature.update(body);
        return signature.verify(Base64.getDecoder().decode(signatureBase64));
    }
}
