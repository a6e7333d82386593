package dev.heed.dsr.opendsr.signature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;

/**
 * Signs OpenDSR bodies: SHA256withRSA over the exact bytes sent, Base64 (the value of the
 * {@code X-OpenDSR-Signature} header). The key belongs to the first certificate of {@code chain},
 * which is what discovery's {@code processor_certificate} URL serves.
 */
public record BodySigner(PrivateKey key, List<X509Certificate> chain) {

    public static final String ALGORITHM = "SHA256withRSA";

    public BodySigner {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a signing certificate is required");
        }
        if (!(chain.get(0).getPublicKey() instanceof RSAPublicKey)) {
            throw new IllegalArgumentException("OpenDSR signatures are RSA: the certificate's key is not");
        }
        chain = List.copyOf(chain);
    }

    /** Reads the key (PKCS#8 PEM) and the chain (PEM, leaf first), as a mounted Secret holds them. */
    public static BodySigner fromPemFiles(Path keyFile, Path chainFile) {
        try {
            return new BodySigner(Pem.rsaPrivateKey(Files.readString(keyFile)),
                    Pem.certificates(Files.readString(chainFile)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String sign(byte[] body) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(key);
            signature.update(body);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the configured key", e);
        }
    }

    /** The chain as PEM, leaf first: a verifier needs the intermediates to reach its anchor. */
    public String chainPem() {
        return Pem.encode(chain);
    }
}
