package dev.heed.audit.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Verifies the documents audit-service hands out — an inclusion proof, a consistency proof between
 * two signed heads, an evidence bundle — using only the public key, the records and the hashes in
 * the document. Field names follow the {@code dev.heed.audit.tree-head-signed.v1} event for heads.
 */
public final class Evidence {

    public static final String BUNDLE_FORMAT = "heed-evidence-bundle/1";

    private final List<String> checked = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private Evidence() {
    }

    /**
     * An evidence bundle: {format, about, treeHead, publicKey {keyId, algorithm, pem}, entries
     * [{leafIndex, record, inclusionProof}]}. With {@code pinnedKey} null the bundle's own key is
     * used, which proves the bundle is self-consistent but not that the log's operator signed it.
     */
    public static Verdict bundle(JsonNode bundle, PublicKey pinnedKey) {
        Evidence evidence = new Evidence();
        evidence.checkBundle(bundle, pinnedKey);
        return evidence.verdict();
    }

    /** {leafIndex, record, inclusionProof, treeHead}: one entry is in the tree a signed head commits to. */
    public static Verdict inclusion(JsonNode proof, PublicKey key) {
        Evidence evidence = new Evidence();
        evidence.guard(() -> {
            TreeHead head = evidence.signedHead(proof.path("treeHead"), key, "treeHead");
            if (head != null) {
                evidence.checkEntry(proof, head);
            }
        });
        return evidence.verdict();
    }

    /** {fromHead, toHead, consistencyProof}: the later signed head extends the earlier one, nothing rewritten. */
    public static Verdict consistency(JsonNode proof, PublicKey key) {
        Evidence evidence = new Evidence();
        evidence.guard(() -> {
            TreeHead from = evidence.signedHead(proof.path("fromHead"), key, "fromHead");
            TreeHead to = evidence.signedHead(proof.path("toHead"), key, "toHead");
            if (from == null || to == null) {
                return;
            }
            List<byte[]> path = hashes(proof.path("consistencyProof"), "consistencyProof");
            if (ProofVerifier.verifyConsistency(from.treeSize(), to.treeSize(),
                    from.rootHash(), to.rootHash(), path)) {
                evidence.checked.add("tree size " + to.treeSize() + " extends tree size "
                        + from.treeSize() + " without changing any earlier entry");
            } else {
                evidence.failures.add("the consistency proof from tree size " + from.treeSize()
                        + " to " + to.treeSize() + " does not verify: the log was rewritten or the proof is wrong");
            }
        });
        return evidence.verdict();
    }

    private void checkBundle(JsonNode bundle, PublicKey pinnedKey) {
        guard(() -> {
            if (!BUNDLE_FORMAT.equals(bundle.path("format").asText())) {
                failures.add("not an evidence bundle: format is not " + BUNDLE_FORMAT);
                return;
            }
            PublicKey key = pinnedKey;
            JsonNode carried = bundle.path("publicKey");
            if (pinnedKey == null) {
                key = TreeHeadSignature.publicKeyFromPem(text(carried, "pem", "publicKey"));
                warnings.add("no key given: used the key inside the bundle (key id " + TreeHeadSignature.keyId(key)
                        + "); compare it with the audit log's published key before relying on this result");
            } else if (carried.isObject()
                    && !TreeHeadSignature.keyId(pinnedKey).equals(carried.path("keyId").asText())) {
                warnings.add("the bundle carries key " + carried.path("keyId").asText()
                        + ", not the given key " + TreeHeadSignature.keyId(pinnedKey) + "; checked with the given key");
            }
            TreeHead head = signedHead(bundle.path("treeHead"), key, "treeHead");
            if (head == null) {
                return;
            }
            JsonNode entries = bundle.path("entries");
            if (!entries.isArray() || entries.isEmpty()) {
                failures.add("the bundle holds no entries");
                return;
            }
            for (JsonNode entry : entries) {
                checkEntry(entry, head);
            }
        });
    }

    private void checkEntry(JsonNode entry, TreeHead head) {
        long index = entry.path("leafIndex").asLong(-1);
        JsonNode record = entry.path("record");
        if (index < 0 || !record.isObject()) {
            failures.add("an entry lacks its leafIndex or record");
            return;
        }
        List<byte[]> path = hashes(entry.path("inclusionProof"), "inclusionProof of entry " + index);
        byte[] leaf = CanonicalJson.leafHash(record);
        if (ProofVerifier.verifyInclusion(leaf, index, head.treeSize(), path, head.rootHash())) {
            checked.add("entry " + index + " (" + record.path("type").asText("?") + ") is in the signed tree of size "
                    + head.treeSize());
        } else {
            failures.add("entry " + index + " does not verify against the signed tree of size "
                    + head.treeSize() + ": the record was changed or the proof is wrong");
        }
    }

    private TreeHead signedHead(JsonNode node, PublicKey key, String field) {
        if (!node.isObject()) {
            failures.add(field + " is missing");
            return null;
        }
        TreeHead head;
        try {
            head = new TreeHead(node.path("treeSize").asLong(), HexFormat.of().parseHex(text(node, "rootHash", field)),
                    Instant.parse(text(node, "signedAt", field)), text(node, "keyId", field),
                    text(node, "algorithm", field));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            failures.add(field + " is malformed: " + e.getMessage());
            return null;
        }
        String signature = text(node, "signature", field);
        if (!TreeHeadSignature.verify(head, signature, key)) {
            failures.add(field + " (tree size " + head.treeSize() + ") is not signed by key "
                    + TreeHeadSignature.keyId(key) + ": forged or altered");
            return null;
        }
        checked.add(field + ": tree size " + head.treeSize() + ", root " + head.rootHashHex() + ", signed "
                + head.signedAt() + " by key " + head.keyId());
        return head;
    }

    private static List<byte[]> hashes(JsonNode array, String field) {
        if (!array.isArray()) {
            throw new IllegalArgumentException(field + " must be an array of hex hashes");
        }
        List<byte[]> hashes = new ArrayList<>();
        for (JsonNode hash : array) {
            byte[] bytes = HexFormat.of().parseHex(hash.asText());
            if (bytes.length != TreeHash.SIZE) {
                throw new IllegalArgumentException(field + " holds a value that is not a SHA-256 hash");
            }
            hashes.add(bytes);
        }
        return hashes;
    }

    private static String text(JsonNode node, String name, String where) {
        JsonNode value = node.path(name);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(where + "." + name + " is missing");
        }
        return value.asText();
    }

    private void guard(Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            failures.add(e.getMessage());
        }
    }

    private Verdict verdict() {
        return new Verdict(checked, failures, warnings);
    }
}
