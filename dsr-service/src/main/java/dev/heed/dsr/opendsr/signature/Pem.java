package dev.heed.dsr.opendsr.signature;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM text in and out, with the JDK alone: certificates (X.509) and RSA private keys (PKCS#8). */
public final class Pem {

    private static final Pattern PRIVATE_KEY =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private Pem() {
    }

    /** Every certificate in the text, in order (a chain file lists the leaf first). */
    public static List<X509Certificate> certificates(String pem) {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                    .stream().map(X509Certificate.class::cast).toList();
        } catch (CertificateException e) {
            throw new IllegalArgumentException("not PEM certificates", e);
        }
    }

    /** The PKCS#8 RSA private key in the text ({@code BEGIN PRIVATE KEY}). */
    public static PrivateKey rsaPrivateKey(String pem) {
        Matcher body = PRIVATE_KEY.matcher(pem);
        if (!body.find()) {
            throw new IllegalArgumentException("no PKCS#8 'BEGIN PRIVATE KEY' block");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(body.group(1));
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an RSA private key", e);
        }
    }

    /** The certificates as PEM text, one block each. */
    public static String encode(List<X509Certificate> certificates) {
        StringBuilder text = new StringBuilder();
        Base64.Encoder encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        for (X509Certificate certificate : certificates) {
            try {
                text.append("-----BEGIN CERTIFICATE-----\n")
                        .append(encoder.encodeToString(certificate.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (CertificateException e) {
                throw new IllegalArgumentException("cannot encode a certificate", e);
            }
        }
        return text.toString();
    }
}
