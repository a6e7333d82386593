package dev.heed.audit.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.List;

/** Builds the documents {@link Evidence} verifies, so that the log and the verifier agree on one shape. */
public final class EvidenceDocuments {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private EvidenceDocuments() {
    }

    /** The fields of the {@code dev.heed.audit.tree-head-signed.v1} event. */
    public static ObjectNode signedHead(TreeHead head, String signature) {
        ObjectNode node = JSON.objectNode();
        node.put("treeSize", head.treeSize());
        node.put("rootHash", head.rootHashHex());
        node.put("keyId", head.keyId());
        node.put("algorithm", head.algorithm());
        node.put("signature", signature);
        node.put("signedAt", head.signedAt().toString());
        return node;
    }

    /** One entry with its audit path; inside a bundle, or with {@code treeHead} set, on its own. */
    public static ObjectNode entry(long leafIndex, JsonNode record, List<byte[]> inclusionProof) {
        ObjectNode node = JSON.objectNode();
        node.put("leafIndex", leafIndex);
        node.set("record", record);
        node.set("inclusionProof", hex(inclusionProof));
        return node;
    }

    public static ObjectNode inclusion(long leafIndex, JsonNode record, List<byte[]> inclusionProof,
            ObjectNode signedHead) {
        ObjectNode node = entry(leafIndex, record, inclusionProof);
        node.set("treeHead", signedHead);
        return node;
    }

    public static ObjectNode consistency(ObjectNode fromHead, ObjectNode toHead, List<byte[]> consistencyProof) {
        ObjectNode node = JSON.objectNode();
        node.set("fromHead", fromHead);
        node.set("toHead", toHead);
        node.set("consistencyProof", hex(consistencyProof));
        return node;
    }

    public static ObjectNode publicKey(PublicKey key) {
        ObjectNode node = JSON.objectNode();
        node.put("keyId", TreeHeadSignature.keyId(key));
        node.put("algorithm", TreeHeadSignature.ALGORITHM);
        node.put("pem", TreeHeadSignature.toPem(key));
        return node;
    }

    /** {@code about} says what the bundle proves, e.g. {"kind":"request","id":"..."}. */
    public static ObjectNode bundle(ObjectNode about, ObjectNode signedHead, PublicKey key, List<ObjectNode> entries) {
        ObjectNode node = JSON.objectNode();
        node.put("format", Evidence.BUNDLE_FORMAT);
        node.set("about", about);
        node.set("treeHead", signedHead);
        node.set("publicKey", publicKey(key));
        ArrayNode array = node.putArray("entries");
        entries.forEach(array::add);
        return node;
    }

    private static ArrayNode hex(List<byte[]> hashes) {
        ArrayNode array = JSON.arrayNode();
        hashes.forEach(hash -> array.add(HexFormat.of().formatHex(hash)));
        return array;
    }
}
