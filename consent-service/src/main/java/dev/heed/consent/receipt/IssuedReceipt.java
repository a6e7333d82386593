package dev.heed.consent.receipt;

import java.util.UUID;

/**
 * A receipt as the write that recorded its decision returns it.
 *
 * @param jws the receipt: a compact JWS, verifiable with {@code /.well-known/jwks.json} by its {@code kid}
 */
public record IssuedReceipt(UUID id, String keyId, String jws) {
}
