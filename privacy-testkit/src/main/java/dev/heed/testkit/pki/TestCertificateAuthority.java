package dev.heed.testkit.pki;

import dev.heed.testkit.PerJvmFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority for tests and the local stack. OpenDSR forbids self-signed
 * certificates, so a processor's signing certificate is issued by this CA (SAN dNSName = the
 * processor domain) and verifiers trust the CA's certificate as their only anchor. Production
 * mounts a certificate issued by a real CA from a Secret instead.
 */
public final class TestCertificateAuthority {

    public static final String CA_CERTIFICATE_FILE = "ca.pem";
    public static final String CA_KEY_FILE = "ca-key.pem";

    private static final Duration VALIDITY = Duration.ofDays(3650);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey key;
    private final Path directory;

    private TestCertificateAuthority(X509Certificate certificate, PrivateKey key, Path directory) {
        this.certificate = certificate;
        this.key = key;
        this.directory = directory;
    }

    /** The CA every test of this JVM issues from, so a certificate issued under one test profile chains after a switch. */
    public static TestCertificateAuthority perJvm() {
        return PerJvm.CA;
    }

    /** The local stack's CA, created on first use under {@code dir} and kept across restarts. */
    public static TestCertificateAuthority persistentIn(Path dir) {
        return Files.exists(dir.resolve(CA_KEY_FILE)) ? load(dir) : create(dir);
    }

    /** A new CA whose certificate and key are written into {@code dir}. */
    public static TestCertificateAuthority create(Path dir) {
        try {
            KeyPair pair = rsaKeyPair();
            X500Name name = new X500Name("CN=Heed Test CA " + UUID.randomUUID() + ",O=Heed tests");
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), name, pair.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate certificate = sign(builder, pair.getPrivate());
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(CA_CERTIFICATE_FILE), pem(certificate));
            writePrivate(dir.resolve(CA_KEY_FILE), pair.getPrivate());
            return new TestCertificateAuthority(certificate, pair.getPrivate(), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the test CA", e);
        }
    }

    /** Reads a CA {@link #create} wrote. */
    public static TestCertificateAuthority load(Path dir) {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(Files.newInputStream(dir.resolve(CA_CERTIFICATE_FILE)));
            return new TestCertificateAuthority(certificate, readPrivate(dir.resolve(CA_KEY_FILE)), dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the test CA in " + dir, e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The PEM file holding the CA certificate: what a verifier configures as its trust anchor. */
    public Path certificateFile() {
        return directory.resolve(CA_CERTIFICATE_FILE);
    }

    /**
     * Issues a certificate for {@code domain} (SAN dNSName, digital signatures) with a new RSA key,
     * and writes {@code <domain>.key.pem} (PKCS#8) and {@code <domain>.chain.pem} (leaf, then CA) beside the CA.
     */
    public IssuedCertificate issue(String domain) {
        try {
            KeyPair pair = rsaKeyPair();
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(825))),
                    new X500Name("CN=" + domain), pair.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, domain)));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(pair.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(certificate));
            X509Certificate leaf = sign(builder, key);
            Path keyFile = directory.resolve(domain + ".key.pem");
            Path chainFile = directory.resolve(domain + ".chain.pem");
            writePrivate(keyFile, pair.getPrivate());
            Files.writeString(chainFile, pem(leaf) + pem(certificate));
            return new IssuedCertificate(domain, leaf, certificate, pair.getPrivate(), keyFile, chainFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a certificate for " + domain, e);
        }
    }

    /** The certificate issued for {@code domain} earlier and kept beside the CA, or a new one (the local stack's). */
    public IssuedCertificate issuedFor(String domain) {
        Path keyFile = directory.resolve(domain + ".key.pem");
        Path chainFile = directory.resolve(domain + ".chain.pem");
        if (!Files.exists(keyFile) || !Files.exists(chainFile)) {
            return issue(domain);
        }
        try (var chain = Files.newInputStream(chainFile)) {
            X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(chain);
            return new IssuedCertificate(domain, leaf, certificate, readPrivate(keyFile), keyFile, chainFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the certificate issued for " + domain, e);
        }
    }

    /**
     * A certificate the CA issued.
     *
     * @param keyFile the private key, PKCS#8 PEM, readable by the owner only
     * @param chainFile the leaf then the CA certificate, PEM
     */
    public record IssuedCertificate(String domain, X509Certificate certificate, X509Certificate issuer,
            PrivateKey key, Path keyFile, Path chainFile) {
    }

    /** PEM of one certificate. */
    public static String pem(X509Certificate certificate) {
        try {
            return pem("CERTIFICATE", certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer)));
    }

    private static KeyPair rsaKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM).add(BigInteger.ONE);
    }

    private static void writePrivate(Path file, PrivateKey key) throws IOException {
        PerJvmFile.writeOwnerOnly(file, pem("PRIVATE KEY", key.getEncoded()));
    }

    private static PrivateKey readPrivate(Path file) throws IOException, GeneralSecurityException {
        String base64 = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /** Created on first use only, one per JVM across test profiles (see {@link PerJvmFile}). */
    private static final class PerJvm {
        static final TestCertificateAuthority CA = load(PerJvmFile.once("test-ca-dir", () -> {
            Path dir = Files.createTempDirectory("heed-test-ca");
            create(dir);
            return dir;
        }));
    }
}
