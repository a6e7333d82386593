package dev.heed.audit.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** A log kept the way audit-service keeps it: leaves plus the subtrees each append completes. */
final class LeafLog implements SubtreeSource {

    private final Map<Subtree, byte[]> subtrees = new HashMap<>();
    private long size;

    static LeafLog of(List<byte[]> leafHashes) {
        LeafLog log = new LeafLog();
        leafHashes.forEach(log::append);
        return log;
    }

    void append(byte[] leafHash) {
        subtrees.put(new Subtree(0, size), leafHash);
        for (Subtree completed : MerkleTree.completedBy(size)) {
            subtrees.put(completed, TreeHash.node(
                    hash(new Subtree(completed.level() - 1, 2 * completed.index())),
                    hash(new Subtree(completed.level() - 1, 2 * completed.index() + 1))));
        }
        size++;
    }

    long size() {
        return size;
    }

    @Override
    public byte[] hash(Subtree subtree) {
        byte[] hash = subtrees.get(subtree);
        if (hash == null) {
            throw new IllegalStateException("no subtree " + subtree + " in a log of " + size);
        }
        return hash;
    }

    /** A source that refuses every subtree a computation did not declare it needs. */
    SubtreeSource onlyFor(java.util.Set<Subtree> declared) {
        return subtree -> {
            if (!declared.contains(subtree)) {
                throw new AssertionError("asked for undeclared " + subtree);
            }
            return hash(subtree);
        };
    }

    static List<byte[]> hex(String... values) {
        List<byte[]> bytes = new ArrayList<>();
        for (String value : values) {
            bytes.add(HexFormat.of().parseHex(value));
        }
        return bytes;
    }
}
