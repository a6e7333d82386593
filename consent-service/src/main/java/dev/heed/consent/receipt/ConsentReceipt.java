package dev.heed.consent.receipt;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * A stored receipt: the signed JWS as issued, and its claims decoded for reading. The JWS is the
 * evidence; the claims are a convenience and prove nothing on their own.
 */
public record ConsentReceipt(UUID id, String keyId, Instant issuedAt, UUID decisionId, long ledgerSequence,
        String jws, JsonNode claims) {
}
