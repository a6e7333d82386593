package dev.heed.consent.receipt;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Turns a recorded decision into a signed consent receipt: a compact JWS whose claims follow the
 * Kantara Consent Receipt / ISO/IEC TS 27560 record (controller, subject, purpose, decision, how and
 * where it was collected), signed with the active key and naming it in {@code kid}.
 * <p>
 * A receipt has no {@code exp}: it is evidence, and must still verify years later. The grant's own
 * expiry is a claim of its own ({@code grantExpiresAt}) so that no JWT library mistakes it for the
 * receipt's.
 */
@ApplicationScoped
public class ReceiptSigner {

    /** The JWS {@code typ}: tells a verifier this is a consent receipt, not an access token. */
    public static final String TYPE = "consent-receipt+jwt";
    /** The version of the claim set, so that the shape can change without invalidating old receipts. */
    public static final String RECEIPT_VERSION = "heed-consent-receipt-1";

    private final ReceiptKeys keys;
    private final ReceiptConfig config;

    ReceiptSigner(ReceiptKeys keys, ReceiptConfig config) {
        this.keys = keys;
        this.config = config;
    }

    /** One signature takes a millisecond at most: done on the calling thread, inside the decision's transaction. */
    IssuedReceipt sign(UUID receiptId, Instant issuedAt, RecordedDecision decision) {
        ReceiptKeys.SigningKey key = keys.active();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims(receiptId, issuedAt, decision).toJson());
        jws.setAlgorithmHeaderValue(key.algorithm());
        jws.setKeyIdHeaderValue(key.keyId());
        jws.setHeader("typ", TYPE);
        jws.setKey(key.privateKey());
        try {
            return new IssuedReceipt(receiptId, key.keyId(), jws.getCompactSerialization());
        } catch (JoseException e) {
            throw new IllegalStateException("a receipt could not be signed with key " + key.keyId(), e);
        }
    }

    private JwtClaims claims(UUID receiptId, Instant issuedAt, RecordedDecision decision) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(config.controller().id());
        claims.setJwtId(receiptId.toString());
        claims.setIssuedAt(NumericDate.fromSeconds(issuedAt.getEpochSecond()));
        claims.setSubject(decision.subjectKey());
        claims.setClaim("receiptVersion", RECEIPT_VERSION);
        Map<String, Object> controller = new LinkedHashMap<>();
        controller.put("id", config.controller().id());
        controller.put("name", config.controller().name());
        claims.setClaim("controller", controller);
        claims.setClaim("purposeId", decision.purposeId());
        claims.setClaim("purposeVersion", decision.purposeVersion());
        claims.setClaim("decision", decision.decision().name());
        claims.setClaim("channel", decision.channel().name());
        optional(claims, "collector", decision.collectorId());
        optional(claims, "noticeVersion", decision.noticeVersion());
        optional(claims, "jurisdiction", decision.jurisdiction());
        optional(claims, "grantExpiresAt", decision.expiresAt() == null ? null : decision.expiresAt().toString());
        claims.setClaim("gpc", decision.gpc());
        claims.setClaim("decisionId", decision.decisionId().toString());
        claims.setClaim("ledgerSequence", decision.ledgerSequence());
        claims.setClaim("decidedAt", decision.recordedAt().toString());
        return claims;
    }

    private static void optional(JwtClaims claims, String name, String value) {
        if (value != null) {
            claims.setClaim(name, value);
        }
    }
}
