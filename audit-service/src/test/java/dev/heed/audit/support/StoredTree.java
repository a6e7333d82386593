package dev.heed.audit.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.heed.audit.verify.MerkleTree;
import dev.heed.audit.verify.Subtree;
import dev.heed.audit.verify.TreeHash;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Checks the stored log against RFC 6962 computed from scratch, from nothing but the stored records. */
public final class StoredTree {

    private StoredTree() {
    }

    /**
     * Leaf indices are 0..n-1 without a gap, exactly the complete subtrees are stored, and the root
     * they give is the RFC 6962 root of the stored records' leaf hashes.
     */
    public static void assertIntact(AuditTables tables) {
        long size = tables.count("select count(*) from audit_entry");
        assertEquals(size, tables.count("select coalesce(max(leaf_index) + 1, 0) from audit_entry"), "gap-free");
        List<byte[]> leaves = tables.column("select record from audit_entry order by leaf_index").stream()
                .map(record -> TreeHash.leaf(record.getBytes(StandardCharsets.UTF_8))).toList();
        Map<Subtree, byte[]> nodes = new HashMap<>();
        for (String row : tables.column("select level || ':' || idx || ':' || encode(hash, 'hex') from tree_node")) {
            String[] parts = row.split(":");
            nodes.put(new Subtree(Integer.parseInt(parts[0]), Long.parseLong(parts[1])),
                    HexFormat.of().parseHex(parts[2]));
        }
        assertEquals(completeSubtrees(size), nodes.size(), "exactly the complete subtrees are stored");
        if (size > 0) {
            assertArrayEquals(referenceRoot(leaves), MerkleTree.root(size, nodes::get));
        }
    }

    /** MTH of RFC 6962 section 2.1, straight from the definition. */
    public static byte[] referenceRoot(List<byte[]> leaves) {
        if (leaves.size() == 1) {
            return leaves.get(0);
        }
        int k = Integer.highestOneBit(leaves.size() - 1);
        return TreeHash.node(referenceRoot(leaves.subList(0, k)), referenceRoot(leaves.subList(k, leaves.size())));
    }

    /** Perfect subtrees of every level (leaves included) in a tree of this size. */
    public static long completeSubtrees(long leaves) {
        long count = 0;
        for (int level = 0; (1L << level) <= leaves; level++) {
            count += leaves >> level;
        }
        return count;
    }
}
