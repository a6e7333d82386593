package dev.heed.events.audit;

import static dev.heed.events.Payloads.required;
import static dev.heed.events.Payloads.sha256Hex;
import static dev.heed.events.Payloads.text;

import dev.heed.events.EventPayload;
import java.time.Instant;
import java.util.List;

/**
 * A signed head of the audit log's Merkle tree, published outside the audit database so that a
 * rewritten log no longer matches what was published.
 *
 * @param rootHash lower-case hex SHA-256 Merkle root over the first {@code treeSize} entries
 * @param keyId the signing key; rotated keys stay published for verification
 * @param signature base64url (no padding) signature over the tree size, root hash and signing time
 * @param firstLeafIndex the tree size of the previous head: {@code leafHashes} are the leaves from here on
 * @param leafHashes lower-case hex leaf hashes of entries {@code firstLeafIndex .. treeSize - 1}, so that
 *     anyone holding the published heads can name the first entry a rewritten log changed; absent
 *     (with {@code firstLeafIndex}) on heads published before the field existed
 */
public record SignedTreeHead(long treeSize, String rootHash, String keyId, String algorithm, String signature,
        Instant signedAt, Long firstLeafIndex, List<String> leafHashes) implements EventPayload {

    public SignedTreeHead {
        if (treeSize < 1) {
            throw new IllegalArgumentException("treeSize starts at 1: an empty log has no head to sign");
        }
        sha256Hex(required(rootHash, "rootHash"), "rootHash");
        text(keyId, "keyId");
        text(algorithm, "algorithm");
        text(signature, "signature");
        required(signedAt, "signedAt");
        if ((firstLeafIndex == null) != (leafHashes == null)) {
            throw new IllegalArgumentException("firstLeafIndex and leafHashes come together");
        }
        if (leafHashes != null) {
            if (firstLeafIndex < 0 || firstLeafIndex + leafHashes.size() != treeSize) {
                throw new IllegalArgumentException("leafHashes must cover firstLeafIndex up to treeSize");
            }
            leafHashes.forEach(hash -> sha256Hex(required(hash, "leafHashes"), "leafHashes"));
            leafHashes = List.copyOf(leafHashes);
        }
    }

    /** A head as first published, without the leaf hashes it added. */
    public SignedTreeHead(long treeSize, String rootHash, String keyId, String algorithm, String signature,
            Instant signedAt) {
        this(treeSize, rootHash, keyId, algorithm, signature, signedAt, null, null);
    }

    /** Tree heads carry no key. */
    @Override
    public String kafkaKey() {
        return null;
    }
}
