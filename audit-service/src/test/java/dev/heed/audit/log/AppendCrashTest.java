package dev.heed.audit.log;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.heed.audit.support.AuditTables;
import dev.heed.audit.support.Producing;
import dev.heed.audit.support.TestAppendFaults;
import dev.heed.audit.verify.MerkleTree;
import dev.heed.audit.verify.Subtree;
import dev.heed.audit.verify.TreeHash;
import dev.heed.directives.leadership.Leadership;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestStatus;
import dev.heed.events.dsr.RequestStatusChanged;
import dev.heed.events.dsr.RequestType;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.testkit.quarkus.HeedTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An append that crashes after writing its leaves leaves no trace, and the next run continues without a gap. */
@QuarkusTest
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
class AppendCrashTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SOURCE = "/heed/dsr-service";

    @Inject
    TestAppendFaults faults;
    @Inject
    Leadership leadership;
    @Inject
    Pool database;
    @Inject
    SubjectKeys subjectKeys;

    @AfterEach
    void disarm() {
        faults.disarm();
    }

    @Test
    void aCrashedAppendWritesNothingAndTheNextOneAppendsEverythingGapFree() {
        AuditTables tables = new AuditTables(database);
        await().atMost(WAIT).until(leadership::isLeader);
        Instant now = Instant.now();
        HeedEvent<RequestStatusChanged> event = HeedEvent.of(EventType.DSR_STATUS_CHANGED, SOURCE, now,
                new RequestStatusChanged(UUID.randomUUID(), subjectKeys.keyOf("customer-" + UUID.randomUUID()),
                        RequestType.ERASURE, Regulation.GDPR, null, RequestStatus.RECEIVED, "test-operator", null,
                        now));
        faults.failWhileAppending(event.id());
        int firedBefore = faults.fired();

        try (Producing producing = new Producing()) {
            producing.send(Topics.DSR_EVENTS, event);
        }
        await().atMost(WAIT).until(() -> faults.fired() >= firedBefore + 2);

        assertEquals(0, tables.entriesOf(SOURCE, event.id()), "no leaf of the crashed append");
        assertEquals(1, tables.count("select count(*) from intake where event_source = $1 and event_id = $2", SOURCE,
                event.id()), "still waiting in the intake");
        assertGapFreeAndTheTreeMatchesTheRecords(tables);

        faults.disarm();
        await().atMost(WAIT).until(() -> tables.entriesOf(SOURCE, event.id()) == 1);
        assertGapFreeAndTheTreeMatchesTheRecords(tables);
    }

    private static void assertGapFreeAndTheTreeMatchesTheRecords(AuditTables tables) {
        long size = tables.count("select count(*) from audit_entry");
        assertEquals(size, tables.count("select coalesce(max(leaf_index) + 1, 0) from audit_entry"));
        List<byte[]> leaves = tables.column("select record from audit_entry order by leaf_index").stream()
                .map(record -> TreeHash.leaf(record.getBytes(StandardCharsets.UTF_8))).toList();
        Map<Subtree, byte[]> nodes = new HashMap<>();
        for (String row : tables.column("select level || ':' || idx || ':' || encode(hash, 'hex') from tree_node")) {
            String[] parts = row.split(":");
            nodes.put(new Subtree(Integer.parseInt(parts[0]), Long.parseLong(parts[1])),
                    HexFormat.of().parseHex(parts[2]));
        }
        assertEquals(expectedNodes(size), nodes.size(), "exactly the complete subtrees are stored");
        if (size > 0) {
            assertArrayEquals(reference(leaves), MerkleTree.root(size, nodes::get));
        }
    }

    private static long expectedNodes(long leaves) {
        long count = 0;
        for (int level = 0; (1L << level) <= leaves; level++) {
            count += leaves >> level;
        }
        return count;
    }

    private static byte[] reference(List<byte[]> leaves) {
        if (leaves.size() == 1) {
            return leaves.get(0);
        }
        int k = Integer.highestOneBit(leaves.size() - 1);
        return TreeHash.node(reference(leaves.subList(0, k)), reference(leaves.subList(k, leaves.size())));
    }
}
