package dev.heed.audit.verify;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A tree head as signed: what a signature commits to. The signing input is the RFC 8785 form of
 * {algorithm, keyId, rootHash (lower-case hex), signedAt (ISO-8601, as {@link Instant#toString()}),
 * treeSize}.
 */
public record TreeHead(long treeSize, byte[] rootHash, Instant signedAt, String keyId, String algorithm) {

    public TreeHead {
        if (treeSize < 1) {
            throw new IllegalArgumentException("a signed head covers at least one entry");
        }
        if (rootHash == null || rootHash.length != TreeHash.SIZE) {
            throw new IllegalArgumentException("rootHash must be a SHA-256 hash");
        }
        if (signedAt == null || keyId == null || keyId.isBlank() || algorithm == null) {
            throw new IllegalArgumentException("signedAt, keyId and algorithm are required");
        }
        rootHash = rootHash.clone();
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    public String rootHashHex() {
        return HexFormat.of().formatHex(rootHash);
    }

    public byte[] signingInput() {
        ObjectNode head = JsonNodeFactory.instance.objectNode();
        head.put("algorithm", algorithm);
        head.put("keyId", keyId);
        head.put("rootHash", rootHashHex());
        head.put("signedAt", signedAt.toString());
        head.put("treeSize", treeSize);
        return CanonicalJson.of(head);
    }
}
