package dev.heed.audit.log;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heed.audit.verify.MerkleTree;
import dev.heed.audit.verify.Subtree;
import dev.heed.audit.verify.TreeHash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one append writes: leaves {@code next, next + 1, ...} for the records, in order, and every
 * perfect subtree they complete. The hashes it needs from before come from {@code frontier}, the
 * subtrees of {@link MerkleTree#rootNeeds(long) rootNeeds(next)}.
 */
public record AppendPlan(List<LogEntry> entries, Map<Subtree, byte[]> nodes) {

    public static AppendPlan of(long next, Map<Subtree, byte[]> frontier, List<JsonNode> records) {
        Map<Subtree, byte[]> known = new HashMap<>(frontier);
        Map<Subtree, byte[]> written = new LinkedHashMap<>();
        List<LogEntry> entries = new ArrayList<>(records.size());
        long index = next;
        for (JsonNode record : records) {
            LogEntry entry = LogEntry.of(index, record);
            entries.add(entry);
            Subtree leaf = new Subtree(0, index);
            byte[] leafHash = TreeHash.leaf(entry.canonicalBytes());
            known.put(leaf, leafHash);
            written.put(leaf, leafHash);
            for (Subtree completed : MerkleTree.completedBy(index)) {
                byte[] hash = TreeHash.node(
                        require(known, new Subtree(completed.level() - 1, 2 * completed.index())),
                        require(known, new Subtree(completed.level() - 1, 2 * completed.index() + 1)));
                known.put(completed, hash);
                written.put(completed, hash);
            }
            index++;
        }
        return new AppendPlan(List.copyOf(entries), written);
    }

    private static byte[] require(Map<Subtree, byte[]> known, Subtree subtree) {
        byte[] hash = known.get(subtree);
        if (hash == null) {
            throw new IllegalStateException("the tree lacks subtree " + subtree + ": the stored tree is incomplete");
        }
        return hash;
    }
}
