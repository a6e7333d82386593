package dev.heed.consent.receipt;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.quarkus.HeedTestResource;
import dev.heed.testkit.receipt.ReceiptSigningKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A key rotation by configuration alone: the service restarts on the same database with the
 * file's second key active. Receipts signed before still verify with the keys published after.
 * <p>
 * The receipts signed before the rotation are those the test classes without a profile issued
 * (ReceiptTest, ConsentLedgerTest): Quarkus runs every class without a profile before those with
 * one, and the test kit keeps one database and one receipt key file per JVM across the restart.
 * Run alone, this class has nothing signed before the rotation, and says so.
 */
@QuarkusTest
@TestProfile(ReceiptKeyRotationTest.NextKeyActive.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "consent"))
class ReceiptKeyRotationTest {

    /** The rotation, as an operator does it: another kid of the same file becomes the active one. */
    public static class NextKeyActive implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("heed.receipts.active-key-id", ReceiptSigningKeys.NEXT_KEY_ID);
        }
    }

    @Inject
    Pool database;

    @Inject
    Clock clock;

    @Test
    void receiptsSignedBeforeTheRotationStillVerifyAndNewOnesCarryTheNewKey() throws Exception {
        RowSet<Row> before = database.preparedQuery("select receipt_id, jws from consent_receipt where key_id = $1"
                        + " order by ledger_sequence desc limit 1")
                .execute(Tuple.of(ReceiptSigningKeys.FIRST_KEY_ID)).await().atMost(Duration.ofSeconds(10));
        assertThat("a receipt signed before the rotation (run with ReceiptTest, which Quarkus runs first)",
                before.size(), greaterThan(0));
        Row old = before.iterator().next();
        String oldJws = old.getString("jws");

        JWKSet published = ReceiptVerifier.publishedKeys();
        assertThat(published.getKeys().stream().map(JWK::getKeyID).toList(),
                hasItems(ReceiptSigningKeys.FIRST_KEY_ID, ReceiptSigningKeys.NEXT_KEY_ID));
        assertThat(JWSObject.parse(oldJws).getHeader().getKeyID(), is(ReceiptSigningKeys.FIRST_KEY_ID));
        assertThat(ReceiptVerifier.verify(oldJws, published, clock.instant().plus(ReceiptTest.TWO_YEARS)).getJWTID(),
                is(old.getUUID("receipt_id").toString()));
        given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                .when().get("/api/v1/receipts/" + old.getUUID("receipt_id"))
                .then().statusCode(200)
                .body("jws", is(oldJws))
                .body("keyId", is(ReceiptSigningKeys.FIRST_KEY_ID));

        JsonPath recorded = ReceiptTest.record(TestTokens.PRIVACY_ADMIN, ReceiptTest.decision(
                ReceiptTest.newCustomerId(), ReceiptTest.newPurpose(), "GRANTED", "WEB"));
        String newJws = recorded.getString("receipt.jws");
        assertThat(recorded.getString("receipt.keyId"), is(ReceiptSigningKeys.NEXT_KEY_ID));
        assertThat(JWSObject.parse(newJws).getHeader().getKeyID(), is(ReceiptSigningKeys.NEXT_KEY_ID));
        assertThat(ReceiptVerifier.verify(newJws, published, clock.instant().plus(ReceiptTest.TWO_YEARS))
                .getStringClaim("decisionId"), is(recorded.getString("id")));
    }
}
