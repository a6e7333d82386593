package dev.heed.testkit.jwt;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Mints RS256 bearer tokens in the shape the services verify (SmallRye JWT: {@code iss},
 * {@code upn}, {@code groups}; a downstream system's token also carries {@code system_id}).
 * For tests and the local stack only: production tokens come from the organisation's identity
 * provider.
 */
public final class TokenIssuer {

    public static final String ISSUER = "https://heed.local/issuer";

    private final KeyPair keyPair;

    public TokenIssuer(KeyPair keyPair) {
        this.keyPair = keyPair;
    }

    public static TokenIssuer generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new TokenIssuer(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads the key pair from {@code dir}, creating it there on first use (the local stack's keys). */
    public static TokenIssuer persistentIn(Path dir) {
        Path privateFile = dir.resolve("signing-key.pem");
        Path publicFile = dir.resolve("verification-key.pem");
        try {
            if (Files.exists(privateFile) && Files.exists(publicFile)) {
                KeyFactory rsa = KeyFactory.getInstance("RSA");
                PrivateKey privateKey = rsa.generatePrivate(new PKCS8EncodedKeySpec(pemBody(privateFile)));
                PublicKey publicKey = rsa.generatePublic(new X509EncodedKeySpec(pemBody(publicFile)));
                return new TokenIssuer(new KeyPair(publicKey, privateKey));
            }
            TokenIssuer issuer = generate();
            Files.createDirectories(dir);
            Files.writeString(privateFile, pem("PRIVATE KEY", issuer.keyPair.getPrivate().getEncoded()));
            Files.writeString(publicFile, issuer.publicKeyPem());
            return issuer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The verification key in PEM, as {@code mp.jwt.verify.publickey} takes it. */
    public String publicKeyPem() {
        return pem("PUBLIC KEY", keyPair.getPublic().getEncoded());
    }

    /** A token for a person in {@code role}, valid for {@code ttl}. */
    public String forRole(String role, String name, Duration ttl) {
        return sign(name, List.of(role), null, ttl);
    }

    /** A token for a downstream system: role {@code system} and its {@code system_id}. */
    public String forSystem(String systemId, Duration ttl) {
        return sign("system:" + systemId, List.of("system"), systemId, ttl);
    }

    private String sign(String name, List<String> groups, String systemId, Duration ttl) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject(name);
        claims.setClaim("upn", name);
        claims.setStringListClaim("groups", groups);
        if (systemId != null) {
            claims.setClaim("system_id", systemId);
        }
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(ttl.toSeconds() / 60f);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(keyPair.getPrivate());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static byte[] pemBody(Path file) throws IOException {
        String text = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(text);
    }
}
