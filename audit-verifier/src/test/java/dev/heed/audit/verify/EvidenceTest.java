package dev.heed.audit.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvidenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final KeyPair key = TreeHeadSignature.generate();
    private final List<JsonNode> records = new ArrayList<>();
    private final LeafLog log = new LeafLog();

    EvidenceTest() {
        for (int i = 0; i < 11; i++) {
            ObjectNode record = JSON.createObjectNode();
            // Key order differs from canonical order on purpose: the leaf covers the RFC 8785 form.
            record.put("type", i % 2 == 0 ? "dev.heed.dsr.status-changed.v1" : "dev.heed.directive.issued.v1");
            record.put("subject", "k1:subject-" + (i % 3));
            record.putObject("data").put("requestId", "r-" + (i % 4)).put("count", i);
            records.add(record);
            log.append(CanonicalJson.leafHash(record));
        }
    }

    @Test
    void aBundleOfTheLogVerifiesWithThePinnedKeyAndNamesEveryEntry() {
        Verdict verdict = Evidence.bundle(bundle(head(11), List.of(2L, 6L, 10L)), key.getPublic());
        assertTrue(verdict.valid(), verdict.failures().toString());
        assertEquals(4, verdict.checked().size(), "the head and three entries");
        assertTrue(verdict.warnings().isEmpty());
    }

    @Test
    void aChangedRecordFailsNamingItsEntry() {
        ObjectNode bundle = bundle(head(11), List.of(2L, 6L));
        ((ObjectNode) bundle.path("entries").get(1).path("record").path("data")).put("count", 7);
        Verdict verdict = Evidence.bundle(bundle, key.getPublic());
        assertFalse(verdict.valid());
        assertEquals(1, verdict.failures().size());
        assertTrue(verdict.failures().get(0).startsWith("entry 6 "), verdict.failures().get(0));
    }

    @Test
    void aHeadSignedByAnotherKeyOrAlteredIsForged() {
        KeyPair other = TreeHeadSignature.generate();
        TreeHead forgedHead = new TreeHead(11, MerkleTree.root(11, log), Instant.now(),
                TreeHeadSignature.keyId(other.getPublic()), TreeHeadSignature.ALGORITHM);
        ObjectNode forged = EvidenceDocuments.signedHead(forgedHead, TreeHeadSignature.sign(forgedHead, other.getPrivate()));
        Verdict verdict = Evidence.bundle(bundle(forged, List.of(1L)), key.getPublic());
        assertFalse(verdict.valid());
        assertTrue(verdict.failures().get(0).contains("not signed by key"), verdict.failures().toString());

        ObjectNode altered = head(11);
        altered.put("signedAt", Instant.parse(altered.get("signedAt").asText()).plusSeconds(1).toString());
        assertFalse(Evidence.bundle(bundle(altered, List.of(1L)), key.getPublic()).valid());
    }

    @Test
    void withoutAPinnedKeyTheBundlesOwnKeyIsUsedAndSaidSo() {
        Verdict verdict = Evidence.bundle(bundle(head(11), List.of(0L)), null);
        assertTrue(verdict.valid(), verdict.failures().toString());
        assertEquals(1, verdict.warnings().size());
    }

    @Test
    void consistencyBetweenTwoSignedHeads() {
        ObjectNode proof = EvidenceDocuments.consistency(head(5), head(11), MerkleTree.consistencyProof(5, 11, log));
        assertTrue(Evidence.consistency(proof, key.getPublic()).valid());

        // A rewritten history: the same sizes, another entry 3, every hash recomputed.
        LeafLog rewritten = new LeafLog();
        for (int i = 0; i < records.size(); i++) {
            rewritten.append(CanonicalJson.leafHash(i == 3 ? JSON.createObjectNode().put("type", "forged") : records.get(i)));
        }
        ObjectNode lie = EvidenceDocuments.consistency(head(5), head(11, rewritten),
                MerkleTree.consistencyProof(5, 11, rewritten));
        Verdict verdict = Evidence.consistency(lie, key.getPublic());
        assertFalse(verdict.valid());
        assertTrue(verdict.failures().get(0).contains("does not verify"), verdict.failures().toString());
    }

    @Test
    void aSingleInclusionProof() {
        ObjectNode proof = EvidenceDocuments.inclusion(4, records.get(4), MerkleTree.inclusionProof(4, 9, log), head(9));
        assertTrue(Evidence.inclusion(proof, key.getPublic()).valid());
        proof.put("leafIndex", 5);
        assertFalse(Evidence.inclusion(proof, key.getPublic()).valid());
    }

    @Test
    void malformedDocumentsFailWithoutThrowing() {
        assertFalse(Evidence.bundle(JSON.createObjectNode(), key.getPublic()).valid());
        ObjectNode bundle = bundle(head(11), List.of(1L));
        ((ObjectNode) bundle.path("entries").get(0)).putArray("inclusionProof").add("zz");
        assertFalse(Evidence.bundle(bundle, key.getPublic()).valid());
        assertFalse(Evidence.consistency(JSON.createObjectNode(), key.getPublic()).valid());
    }

    ObjectNode head(long size) {
        return head(size, log);
    }

    ObjectNode head(long size, LeafLog source) {
        TreeHead head = new TreeHead(size, MerkleTree.root(size, source), Instant.parse("2026-11-24T08:00:00Z"),
                TreeHeadSignature.keyId(key.getPublic()), TreeHeadSignature.ALGORITHM);
        return EvidenceDocuments.signedHead(head, TreeHeadSignature.sign(head, key.getPrivate()));
    }

    ObjectNode bundle(ObjectNode head, List<Long> indices) {
        long size = head.get("treeSize").asLong();
        List<ObjectNode> entries = new ArrayList<>();
        for (long index : indices) {
            entries.add(EvidenceDocuments.entry(index, records.get((int) index),
                    MerkleTree.inclusionProof(index, size, log)));
        }
        ObjectNode about = JSON.createObjectNode().put("kind", "request").put("id", "r-2");
        return EvidenceDocuments.bundle(about, head, key.getPublic(), entries);
    }
}
