package dev.heed.audit.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reference tree of RFC 6962's Certificate Transparency test suite, then every small tree shape. */
class MerkleTreeTest {

    private static final String[] REFERENCE_ENTRIES = {"", "00", "10", "2021", "3031", "40414243",
        "5051525354555657", "606162636465666768696a6b6c6d6e6f"};

    private static final String[] REFERENCE_ROOTS = {
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

    private static final LeafLog REFERENCE = LeafLog.of(referenceLeaves());

    private static List<byte[]> referenceLeaves() {
        List<byte[]> leaves = new ArrayList<>();
        for (String entry : REFERENCE_ENTRIES) {
            leaves.add(TreeHash.leaf(HexFormat.of().parseHex(entry)));
        }
        return leaves;
    }

    private static byte[] root(int size) {
        return HexFormat.of().parseHex(REFERENCE_ROOTS[size]);
    }

    @Test
    void rootsOfTheReferenceTreeAtEverySize() {
        for (int size = 0; size <= 8; size++) {
            assertArrayEquals(root(size), MerkleTree.root(size, REFERENCE), "root of size " + size);
        }
    }

    @Test
    void inclusionProofsOfTheReferenceTree() {
        assertInclusion(0, 8, "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertInclusion(5, 8, "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertInclusion(2, 3, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125");
        assertInclusion(1, 5, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
        assertInclusion(0, 1);
    }

    @Test
    void consistencyProofsOfTheReferenceTree() {
        assertConsistency(1, 1);
        assertConsistency(1, 8, "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertConsistency(6, 8, "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
        assertConsistency(2, 5, "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
    }

    private static void assertInclusion(long index, int size, String... expected) {
        List<byte[]> proof = MerkleTree.inclusionProof(index, size,
                REFERENCE.onlyFor(MerkleTree.inclusionNeeds(index, size)));
        assertEquals(hexOf(LeafLog.hex(expected)), hexOf(proof), "PATH(" + index + ", " + size + ")");
        byte[] leaf = REFERENCE.hash(new Subtree(0, index));
        assertTrue(ProofVerifier.verifyInclusion(leaf, index, size, proof, root(size)));
        assertFalse(ProofVerifier.verifyInclusion(leaf, index, size, proof, root(0)), "against another root");
    }

    private static void assertConsistency(long first, int second, String... expected) {
        List<byte[]> proof = MerkleTree.consistencyProof(first, second,
                REFERENCE.onlyFor(MerkleTree.consistencyNeeds(first, second)));
        assertEquals(hexOf(LeafLog.hex(expected)), hexOf(proof), "PROOF(" + first + ", " + second + ")");
        assertTrue(ProofVerifier.verifyConsistency(first, second, root((int) first), root(second), proof));
    }

    @Test
    void everyProofInEveryTreeUpTo40LeavesVerifiesAndATamperedOneDoesNot() {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            leaves.add(TreeHash.leaf(("entry " + i).getBytes(StandardCharsets.UTF_8)));
        }
        LeafLog log = LeafLog.of(leaves);
        for (int size = 1; size <= 40; size++) {
            byte[] root = MerkleTree.root(size, log.onlyFor(MerkleTree.rootNeeds(size)));
            for (int index = 0; index < size; index++) {
                List<byte[]> proof = MerkleTree.inclusionProof(index, size,
                        log.onlyFor(MerkleTree.inclusionNeeds(index, size)));
                assertTrue(ProofVerifier.verifyInclusion(leaves.get(index), index, size, proof, root),
                        "leaf " + index + " of " + size);
                assertFalse(ProofVerifier.verifyInclusion(flipped(leaves.get(index)), index, size, proof, root));
                if (size > 1) {
                    assertFalse(ProofVerifier.verifyInclusion(leaves.get(index), (index + 1) % size, size, proof,
                            root), "the proof of leaf " + index + " must not prove another position");
                }
            }
            for (int first = 1; first <= size; first++) {
                byte[] firstRoot = MerkleTree.root(first, log);
                List<byte[]> proof = MerkleTree.consistencyProof(first, size,
                        log.onlyFor(MerkleTree.consistencyNeeds(first, size)));
                assertTrue(ProofVerifier.verifyConsistency(first, size, firstRoot, root, proof),
                        "consistency " + first + " -> " + size);
                if (first < size) {
                    assertFalse(ProofVerifier.verifyConsistency(first, size, flipped(firstRoot), root, proof),
                            "a forged older root");
                    assertFalse(ProofVerifier.verifyConsistency(first, size, firstRoot, flipped(root), proof),
                            "a forged newer root");
                }
            }
        }
    }

    @Test
    void compactRangeAgreesWithTheStoredSubtreesAtEverySize() {
        CompactRange range = new CompactRange();
        LeafLog log = new LeafLog();
        assertArrayEquals(root(0), range.root());
        for (int i = 0; i < 70; i++) {
            byte[] leaf = TreeHash.leaf(new byte[] {(byte) i});
            range.append(leaf);
            log.append(leaf);
            assertArrayEquals(MerkleTree.root(log.size(), log), range.root(), "size " + log.size());
        }
    }

    @Test
    void completedSubtreesFollowTheBinaryCarry() {
        assertEquals(List.of(), MerkleTree.completedBy(0));
        assertEquals(List.of(new Subtree(1, 0)), MerkleTree.completedBy(1));
        assertEquals(List.of(new Subtree(1, 3), new Subtree(2, 1), new Subtree(3, 0)), MerkleTree.completedBy(7));
        assertEquals(List.of(), MerkleTree.completedBy(8));
    }

    @Test
    void impossibleProofsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.inclusionNeeds(8, 8));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.consistencyNeeds(0, 8));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.consistencyNeeds(9, 8));
        assertFalse(ProofVerifier.verifyConsistency(3, 8, root(3), root(8), List.of()));
    }

    private static byte[] flipped(byte[] hash) {
        byte[] copy = hash.clone();
        copy[0] ^= 1;
        return copy;
    }

    private static List<String> hexOf(List<byte[]> hashes) {
        return hashes.stream().map(HexFormat.of()::formatHex).toList();
    }
}
