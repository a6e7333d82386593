package dev.heed.audit.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heed.audit.support.StoredTree;
import dev.heed.audit.verify.CanonicalJson;
import dev.heed.audit.verify.MerkleTree;
import dev.heed.audit.verify.Subtree;
import dev.heed.audit.verify.TreeHash;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Appending in batches of any size stores exactly the subtrees from which every root is the RFC 6962 root. */
class AppendPlanTest {

    @Test
    void batchesOfAnySizeGiveTheRfc6962RootOfEveryTreeSize() {
        List<JsonNode> records = LongStream.range(0, 37).<JsonNode>mapToObj(AppendPlanTest::record).toList();
        List<byte[]> leaves = records.stream().map(CanonicalJson::leafHash).toList();
        for (int batch : new int[] {1, 2, 3, 5, 8, 37}) {
            Map<Subtree, byte[]> stored = new HashMap<>();
            for (int next = 0; next < records.size(); next += batch) {
                List<JsonNode> slice = records.subList(next, Math.min(records.size(), next + batch));
                Map<Subtree, byte[]> frontier = MerkleTree.rootNeeds(next).stream()
                        .collect(Collectors.toMap(s -> s, stored::get));
                AppendPlan plan = AppendPlan.of(next, frontier, slice);
                assertEquals(LongStream.range(next, next + slice.size()).boxed().toList(),
                        plan.entries().stream().map(LogEntry::leafIndex).toList());
                stored.putAll(plan.nodes());
                long size = next + slice.size();
                assertArrayEquals(StoredTree.referenceRoot(leaves.subList(0, (int) size)), MerkleTree.root(size, stored::get),
                        "root of size " + size + " in batches of " + batch);
            }
            assertEquals(StoredTree.completeSubtrees(records.size()), (long) stored.size(), "one row per complete subtree");
        }
    }

    @Test
    void theLeafHashCoversTheCanonicalRecord() {
        ObjectNode record = record(7);
        AppendPlan plan = AppendPlan.of(0, Map.of(), List.of(record));
        assertArrayEquals(TreeHash.leaf(CanonicalJson.of(record)), plan.nodes().get(new Subtree(0, 0)));
        assertEquals(new String(CanonicalJson.of(record), StandardCharsets.UTF_8),
                plan.entries().get(0).canonical());
        assertEquals(List.of("k1:" + "A".repeat(43)), plan.entries().get(0).subjectKeys());
        assertEquals("dev.heed.dsr.status-changed.v1", plan.entries().get(0).type());
    }

    @Test
    void aMissingEarlierSubtreeStopsTheAppend() {
        // Leaf 1 completes (1, 0), which needs leaf 0's hash from the stored tree.
        assertThrows(IllegalStateException.class, () -> AppendPlan.of(1, Map.of(), List.of(record(1))));
    }

    private static ObjectNode record(long n) {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        record.put("id", "event-" + n);
        record.put("source", "/heed/dsr-service");
        record.put("type", "dev.heed.dsr.status-changed.v1");
        record.put("time", "2026-03-01T10:00:00Z");
        record.put("subject", "k1:" + "A".repeat(43));
        record.putObject("data").put("n", n);
        return record;
    }
}
