package dev.heed.events.audit;

import static dev.heed.events.Payloads.required;
import static dev.heed.events.Payloads.sha256Hex;
import static dev.heed.events.Payloads.text;

import dev.heed.events.EventPayload;
import java.time.Instant;

/**
 * A signed head of the audit log's Merkle tree, published outside the audit database so that a
 * rewritten log no longer matches what was published.
 *
 * @param rootHash lower-case hex SHA-256 Merkle root over the first {@code treeSize} entries
 * @param keyId the signing key; rotated keys stay published for verification
 * @param signature base64url (no padding) signature over the tree size, root hash and signing time
 */
public record SignedTreeHead(long treeSize, String rootHash, String keyId, String algorithm, String signature,
        Instant signedAt) implements EventPayload {

    public SignedTreeHead {
        if (treeSize < 1) {
            throw new IllegalArgumentException("treeSize starts at 1: an empty log has no head to sign");
        }
        sha256Hex(required(rootHash, "rootHash"), "rootHash");
        text(keyId, "keyId");
        text(algorithm, "algorithm");
        text(signature, "signature");
        required(signedAt, "signedAt");
    }

    /** Tree heads carry no key. */
    @Override
    public String kafkaKey() {
        return null;
    }
}
