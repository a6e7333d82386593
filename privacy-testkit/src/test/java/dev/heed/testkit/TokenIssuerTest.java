package dev.heed.testkit;

import dev.heed.testkit.jwt.TokenIssuer;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TokenIssuerTest {

    @Test
    void tokensVerifyWithThePublishedKeyAndCarryTheRole() throws Exception {
        TokenIssuer issuer = TokenIssuer.generate();
        JwtClaims claims = consumer(issuer).processToClaims(issuer.forRole("auditor", "alice", Duration.ofMinutes(5)));
        assertEquals(TokenIssuer.ISSUER, claims.getIssuer());
        assertEquals("alice", claims.getClaimValueAsString("upn"));
        assertEquals(List.of("auditor"), claims.getStringListClaimValue("groups"));
    }

    @Test
    void systemTokensNameTheSystem() throws Exception {
        TokenIssuer issuer = TokenIssuer.generate();
        JwtClaims claims = consumer(issuer).processToClaims(issuer.forSystem("crm", Duration.ofMinutes(5)));
        assertEquals(List.of("system"), claims.getStringListClaimValue("groups"));
        assertEquals("crm", claims.getClaimValueAsString("system_id"));
    }

    @Test
    void anotherKeyDoesNotVerify() throws Exception {
        String token = TokenIssuer.generate().forRole("privacy-admin", "mallory", Duration.ofMinutes(5));
        JwtConsumer other = consumer(TokenIssuer.generate());
        assertThrows(InvalidJwtException.class, () -> other.processToClaims(token));
    }

    @Test
    void persistentKeysSurviveARestartOfTheStack(@TempDir Path dir) throws Exception {
        TokenIssuer first = TokenIssuer.persistentIn(dir);
        TokenIssuer second = TokenIssuer.persistentIn(dir);
        assertEquals(first.publicKeyPem(), second.publicKeyPem());
        consumer(first).processToClaims(second.forRole("privacy-operator", "op", Duration.ofMinutes(5)));
    }

    private static JwtConsumer consumer(TokenIssuer issuer) throws Exception {
        String body = issuer.publicKeyPem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
        return new JwtConsumerBuilder()
                .setExpectedIssuer(TokenIssuer.ISSUER)
                .setVerificationKey(key)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setRequireExpirationTime()
                .build();
    }
}
