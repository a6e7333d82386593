package dev.heed.consent.receipt;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.heed.testkit.receipt.ReceiptSigningKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.OctJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key loader: what the service starts with, and what stops it with a message naming the problem. */
class ReceiptKeysTest {

    @TempDir
    Path dir;

    @Test
    void theActiveKeySignsAndEveryKeyIsPublishedWithoutItsPrivatePart() throws Exception {
        PublicJsonWebKey ec = ec("current");
        PublicJsonWebKey rsa = RsaJwkGenerator.generateJwk(2048);
        rsa.setKeyId("retired");
        Path file = file(ec, rsa);

        ReceiptKeys keys = ReceiptKeys.load(file.toString(), "current");
        assertThat(keys.active().keyId(), is("current"));
        assertThat(keys.active().algorithm(), is("ES256"));
        assertThat(keys.keyIds(), is(List.of("current", "retired")));
        JsonWebKeySet published = new JsonWebKeySet(keys.publicJwks());
        assertThat(published.getJsonWebKeys().stream().map(JsonWebKey::getKeyId).toList(), is(List.of("current", "retired")));
        assertThat(published.findJsonWebKey("retired", null, null, null).getAlgorithm(), is("RS256"));
        assertThat(keys.publicJwks(), not(containsString("\"d\"")));
        assertThat(keys.publicJwks(), not(containsString("\"p\"")));

        assertThat(ReceiptKeys.load(file.toString(), "retired").active().algorithm(), is("RS256"));
    }

    @Test
    void theTestKitsKeyFileLoads() {
        Path file = dir.resolve("keys.jwks");
        ReceiptSigningKeys.write(file, List.of("a", "b"));
        assertThat(ReceiptKeys.load(file.toString(), "b").keyIds(), is(List.of("a", "b")));
    }

    @Test
    void refusesAMissingOrUnreadableFile() {
        refused("", null, "heed.receipts.signing-keys is empty");
        refused(dir.resolve("absent.jwks").toString(), "k", "cannot read");
    }

    @Test
    void refusesAFileThatIsNotAKeySet() throws Exception {
        refused(write("not json at all"), "k", "is not a JWK Set");
        refused(write("{\"keys\": []}"), "k", "holds no key");
    }

    @Test
    void refusesAnActiveKeyIdThatIsNotInTheFile() throws Exception {
        String file = file(ec("one"), ec("two")).toString();
        refused(file, "three", "heed.receipts.active-key-id three is not a kid");
        refused(file, " ", "heed.receipts.active-key-id is empty");
        refused(file, null, "heed.receipts.active-key-id is empty");
    }

    @Test
    void refusesKeysWithoutAKidTwiceTheSameKidOrWithoutAPrivatePart() throws Exception {
        refused(file(ec(null)).toString(), "k", "has no kid");
        refused(file(ec("same"), ec("same")).toString(), "same", "kid same appears twice");
        PublicJsonWebKey pair = ec("public");
        Path publicOnly = dir.resolve("public.jwks");
        Files.writeString(publicOnly, new JsonWebKeySet(pair).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        refused(publicOnly.toString(), "public", "has no private part");
    }

    @Test
    void refusesKeysThatCannotSignReceipts() throws Exception {
        PublicJsonWebKey weak = RsaJwkGenerator.generateJwk(1024);
        weak.setKeyId("weak");
        refused(file(weak).toString(), "weak", "at least 2048");
        EllipticCurveJsonWebKey p384 = EcJwkGenerator.generateJwk(EllipticCurves.P384);
        p384.setKeyId("p384");
        refused(file(p384).toString(), "p384", "only P-256");
        JsonWebKey secret = OctJwkGenerator.generateJwk(256);
        secret.setKeyId("secret");
        refused(file(secret).toString(), "secret", "only EC (P-256) and RSA");
        refused(file(ec("mislabelled", key -> key.setAlgorithm("RS256"))).toString(), "mislabelled", "declares alg RS256");
        refused(file(ec("encryption", key -> key.setUse("enc"))).toString(), "encryption", "has use enc");
    }

    @Test
    void aMessageNeverQuotesThePrivateKey() throws Exception {
        PublicJsonWebKey key = ec("k");
        String privatePart = new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE);
        String d = privatePart.replaceAll(".*\"d\":\"([^\"]+)\".*", "$1");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> ReceiptKeys.load(write(privatePart.replace("\"keys\"", "\"keys\" oops")), "k"));
        assertThat(refused.getMessage(), not(containsString(d)));
    }

    private void refused(String file, String activeKeyId, String expected) {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> ReceiptKeys.load(file, activeKeyId));
        assertThat(refused.getMessage(), containsString("Receipt signing keys are misconfigured"));
        assertThat(refused.getMessage(), containsString(expected));
    }

    private static PublicJsonWebKey ec(String keyId) throws Exception {
        return ec(keyId, key -> { });
    }

    private static PublicJsonWebKey ec(String keyId, Consumer<PublicJsonWebKey> change) throws Exception {
        EllipticCurveJsonWebKey key = EcJwkGenerator.generateJwk(EllipticCurves.P256);
        key.setKeyId(keyId);
        change.accept(key);
        return key;
    }

    private Path file(JsonWebKey... keys) throws Exception {
        Path file = Files.createTempFile(dir, "keys", ".jwks");
        Files.writeString(file, new JsonWebKeySet(keys).toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        return file;
    }

    private String write(String text) throws Exception {
        Path file = Files.createTempFile(dir, "keys", ".jwks");
        Files.writeString(file, text);
        return file.toString();
    }
}
