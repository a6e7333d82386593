package dev.heed.consent.receipt;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.Date;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/**
 * Verifies receipts the way a third party would: Nimbus JOSE+JWT (not jose4j, which signs them),
 * the keys fetched from the service's public JWKS, and a clock of the verifier's choosing.
 */
final class ReceiptVerifier {

    static final String ISSUER = "https://heed.test/controller";

    private ReceiptVerifier() {
    }

    /** The published keys, fetched without a token as any verifier would. */
    static JWKSet publishedKeys() throws java.text.ParseException {
        Response response = given().when().get("/.well-known/jwks.json")
                .then().statusCode(200)
                .contentType(containsString("application/json"))
                .header("Cache-Control", containsString("max-age="))
                .extract().response();
        return JWKSet.parse(response.asString());
    }

    /**
     * The receipt's claims if its signature verifies with {@code keys}, it is a consent receipt
     * ({@code typ}), names the test controller and the verifier's clock reads {@code at}.
     */
    static JWTClaimsSet verify(String jws, JWKSet keys, Instant at) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("consent-receipt+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256),
                new ImmutableJWKSet<>(keys)));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(ISSUER).build(),
                Set.of("jti", "iat", "sub", "decisionId", "ledgerSequence")) {
            @Override
            protected Date currentTime() {
                return Date.from(at);
            }
        });
        return processor.process(jws, null);
    }
}
