package dev.heed.dsr.opendsr.signature;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Verifies an OpenDSR signature: the certificate chains to one of the trust anchors (PKIX, so a
 * self-signed certificate is refused unless it is itself an anchor), names the expected domain in
 * its subject alternative names, and its key verifies SHA256withRSA over the exact body bytes.
 */
public final class SignatureVerifier {

    private static final int DNS_NAME = 2;

    private final Set<TrustAnchor> anchors;

    public SignatureVerifier(Collection<X509Certificate> trusted) {
        if (trusted.isEmpty()) {
            throw new IllegalArgumentException("at least one trust anchor is required");
        }
        Set<TrustAnchor> set = new HashSet<>();
        trusted.forEach(certificate -> set.add(new TrustAnchor(certificate, null)));
        this.anchors = Set.copyOf(set);
    }

    /** Trusts the JDK's default CAs (cacerts) and the {@code extra} ones. */
    public static SignatureVerifier withDefaultAnchors(Collection<X509Certificate> extra) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            Set<X509Certificate> trusted = new HashSet<>(extra);
            for (var manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    trusted.addAll(List.of(x509.getAcceptedIssuers()));
                }
            }
            return new SignatureVerifier(trusted);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the JDK's trusted CAs", e);
        }
    }

    /**
     * Checks the chain (leaf first) at {@code at} for {@code domain}, then the signature.
     *
     * @throws SignatureRejected saying which check failed
     */
    public void verify(byte[] body, String signatureBase64, List<X509Certificate> chain, String domain, Instant at) {
        X509Certificate leaf = trustedLeaf(chain, domain, at);
        if (signatureBase64 == null || signatureBase64.isBlank()) {
            throw new SignatureRejected("no signature");
        }
        try {
            Signature signature = Signature.getInstance(BodySigner.ALGORITHM);
            signature.initVerify(leaf.getPublicKey());
            signature.update(body);
            if (!signature.verify(Base64.getDecoder().decode(signatureBase64.strip()))) {
                throw new SignatureRejected("the signature does not match the body");
            }
        } catch (IllegalArgumentException e) {
            throw new SignatureRejected("the signature is not Base64");
        } catch (GeneralSecurityException e) {
            throw new SignatureRejected("the signature cannot be checked: " + e.getMessage());
        }
    }

    /** The leaf of a chain that validates to an anchor at {@code at} and is issued for {@code domain}. */
    public X509Certificate trustedLeaf(List<X509Certificate> chain, String domain, Instant at) {
        if (chain.isEmpty()) {
            throw new SignatureRejected("no certificate");
        }
        X509Certificate leaf = chain.get(0);
        if (!namesDomain(leaf, domain)) {
            throw new SignatureRejected("the certificate is not issued for " + domain);
        }
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
        } catch (GeneralSecurityException e) {
            throw new SignatureRejected("the certificate does not chain to a trusted CA: " + e.getMessage());
        }
        return leaf;
    }

    /** SAN dNSName equal to the domain, or a wildcard covering exactly one label of it. */
    static boolean namesDomain(X509Certificate certificate, String domain) {
        String wanted = domain.toLowerCase(Locale.ROOT);
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return false;
            }
            for (List<?> name : names) {
                if (((Integer) name.get(0)) == DNS_NAME && matches(((String) name.get(1)).toLowerCase(Locale.ROOT), wanted)) {
                    return true;
                }
            }
            return false;
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    private static boolean matches(String pattern, String domain) {
        if (pattern.startsWith("*.")) {
            int dot = domain.indexOf('.');
            return dot > 0 && domain.substring(dot + 1).equals(pattern.substring(2));
        }
        return pattern.equals(domain);
    }

    /** A signature or certificate that does not verify; the message says which check failed. */
    public static final class SignatureRejected extends RuntimeException {
        public SignatureRejected(String message) {
            super(message, null, false, false);
        }
    }
}
