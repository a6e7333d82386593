package dev.heed.audit.integrity;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heed.audit.head.SignedHeads;
import dev.heed.audit.head.SigningKeys;
import dev.heed.audit.head.StoredHead;
import dev.heed.audit.integrity.PublishedHeads.Published;
import dev.heed.audit.verify.CanonicalJson;
import dev.heed.audit.verify.CompactRange;
import dev.heed.audit.verify.TreeHead;
import dev.heed.audit.verify.TreeHeadSignature;
import dev.heed.platform.leadership.Leadership;
import dev.heed.events.audit.SignedTreeHead;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Recomputes the tree from the stored records and holds it against the heads published on Kafka,
 * outside the database. Each published head's signature is checked with the configured public
 * keys; then every entry's leaf hash is recomputed from its stored record (re-canonicalised) and
 * compared with the stored leaf hash and with the leaf hash the head that added it published, and
 * the root at each head's size with that head's root. Someone who rewrites an entry and every
 * stored hash (even the stored heads) is still caught: the published leaf hash names the entry.
 * Stored heads must equal the published ones. Blocking: it runs on a worker thread.
 */
@ApplicationScoped
public class IntegrityCheck {

    public static final String NAME = "audit-integrity";
    private static final Logger LOG = Logger.getLogger(IntegrityCheck.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 1000;
    private static final Duration SQL_TIMEOUT = Duration.ofMinutes(1);

    private final PublishedHeads published;
    private final SignedHeads stored;
    private final SigningKeys keys;
    private final Pool database;
    private final Clock clock;
    private final Leadership leadership;
    private final AtomicReference<IntegrityReport> last = new AtomicReference<>();

    IntegrityCheck(PublishedHeads published, SignedHeads stored, SigningKeys keys, Pool database, Clock clock,
            Leadership leadership, MeterRegistry registry) {
        this.published = published;
        this.stored = stored;
        this.keys = keys;
        this.database = database;
        this.clock = clock;
        this.leadership = leadership;
        Gauge.builder("heed.audit.integrity.valid", last, l -> l.get() == null ? -1 : l.get().valid() ? 1 : 0)
                .description("1 when the last integrity check found the log matching its published heads, 0 when "
                        + "not, -1 before this replica ran one")
                .register(registry);
        Gauge.builder("heed.audit.integrity.last-check", last,
                        l -> l.get() == null ? -1 : l.get().checkedAt().getEpochSecond())
                .description("When this replica last ran the integrity check (epoch seconds; -1 never)")
                .baseUnit("seconds")
                .register(registry);
    }

    @Scheduled(identity = "heed-" + NAME, every = "${heed.audit.integrity.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        leadership.runIfLeader(NAME, () -> Uni.createFrom().item(this::run)).await().indefinitely();
    }

    /** Checks the whole log now. */
    public IntegrityReport run() {
        IntegrityReport report = check();
        last.set(report);
        if (report.valid()) {
            LOG.infof("integrity check: valid, %d heads and %d entries checked", report.headsChecked(),
                    report.entriesChecked());
        } else {
            LOG.errorf("integrity check: NOT VALID at entry %s: %s", report.firstInvalidLeafIndex(), report.problem());
        }
        return report;
    }

    public Optional<IntegrityReport> last() {
        return Optional.ofNullable(last.get());
    }

    private IntegrityReport check() {
        Instant checkedAt = clock.instant();
        // Heads first: any head read now was signed over entries already in the log.
        List<Published> records;
        try {
            records = published.read();
        } catch (PublishedHeads.UnreadableHeadException e) {
            return new IntegrityReport(false, null, e.getMessage(), 0, 0, treeSize(), null, checkedAt);
        }
        long size = treeSize();
        Run run = new Run(size, checkedAt);
        TreeMap<Long, SignedTreeHead> heads = new TreeMap<>();
        for (Published record : records) {
            SignedTreeHead head = record.head();
            SignedTreeHead seen = heads.putIfAbsent(head.treeSize(), head);
            // The outbox delivers at least once: a head published twice is the same head twice.
            if (seen != null && !sameHead(seen, head)) {
                return run.invalid(null, "two different heads of tree size " + head.treeSize() + " were published");
            }
            if (seen == null && !signatureHolds(head)) {
                return run.invalid(null, "the published head of tree size " + head.treeSize() + " (" + record.where()
                        + ") is not signed by a published key of this log: forged or altered");
            }
        }
        run.heads = heads.size();
        run.latestPublished = heads.isEmpty() ? null : heads.lastKey();
        // The replay first: it names the entry even when the stored heads were rewritten as well.
        IntegrityReport replayed = replay(heads, run);
        return replayed.valid() ? compareStored(heads, run).orElse(replayed) : replayed;
    }

    private IntegrityReport replay(TreeMap<Long, SignedTreeHead> heads, Run run) {
        Map<Long, byte[]> publishedLeaves = new HashMap<>();
        heads.values().forEach(head -> {
            if (head.leafHashes() != null) {
                for (int i = 0; i < head.leafHashes().size(); i++) {
                    publishedLeaves.put(head.firstLeafIndex() + i, HexFormat.of().parseHex(head.leafHashes().get(i)));
                }
            }
        });
        CompactRange tree = new CompactRange();
        long limit = Math.max(run.size, run.latestPublished == null ? 0 : run.latestPublished);
        while (tree.size() < run.size) {
            List<Row> page = page(tree.size(), Math.min(PAGE, run.size - tree.size()));
            if (page.isEmpty()) {
                break;
            }
            for (Row row : page) {
                long index = row.getLong("leaf_index");
                if (index != tree.size()) {
                    return run.invalid(tree.size(), "entry " + tree.size() + " is missing from the log");
                }
                byte[] leaf = leafHash(row.getString("record"));
                if (leaf == null) {
                    return run.invalid(index, "entry " + index + " is not a JSON record");
                }
                byte[] storedLeaf = row.getBuffer("hash") == null ? null : row.getBuffer("hash").getBytes();
                byte[] publishedLeaf = publishedLeaves.get(index);
                if (publishedLeaf != null && !MessageDigest.isEqual(leaf, publishedLeaf)) {
                    return run.invalid(index, "entry " + index + " does not match the leaf hash published with the "
                            + "head of tree size " + heads.ceilingKey(index + 1) + ": the stored record was changed");
                }
                if (storedLeaf == null || !MessageDigest.isEqual(leaf, storedLeaf)) {
                    return run.invalid(index, "entry " + index + " does not match its stored leaf hash");
                }
                tree.append(leaf);
                run.entries++;
                SignedTreeHead head = heads.get(tree.size());
                if (head != null && !head.rootHash().equals(HexFormat.of().formatHex(tree.root()))) {
                    Long previous = heads.lowerKey(tree.size());
                    long from = previous == null ? 0 : previous;
                    return run.invalid(from, "the entries " + from + " to " + index + " do not give the root of the "
                            + "published head of tree size " + tree.size() + ": one of them was changed");
                }
            }
        }
        if (tree.size() < limit) {
            return run.invalid(tree.size(), "entry " + tree.size() + " is missing: the published head of tree size "
                    + run.latestPublished + " covers more entries than the log holds");
        }
        return run.valid();
    }

    private Optional<IntegrityReport> compareStored(TreeMap<Long, SignedTreeHead> heads, Run run) {
        List<StoredHead> rows = stored.all().await().atMost(SQL_TIMEOUT);
        Map<Long, StoredHead> bySize = new HashMap<>();
        rows.forEach(row -> bySize.put(row.treeSize(), row));
        for (SignedTreeHead head : heads.values()) {
            StoredHead row = bySize.get(head.treeSize());
            if (row == null) {
                return Optional.of(run.invalid(null, "the published head of tree size " + head.treeSize()
                        + " is not in the database"));
            }
            if (!sameHead(head, row)) {
                return Optional.of(run.invalid(null, "the stored head of tree size " + head.treeSize()
                        + " differs from the published one"));
            }
        }
        for (StoredHead row : rows) {
            // A head above the latest published one may still wait in the outbox.
            if (run.latestPublished != null && row.treeSize() <= run.latestPublished
                    && !heads.containsKey(row.treeSize())) {
                return Optional.of(run.invalid(null, "the stored head of tree size " + row.treeSize()
                        + " was never published"));
            }
        }
        return Optional.empty();
    }

    private boolean signatureHolds(SignedTreeHead head) {
        Optional<PublicKey> key = keys.byKeyId(head.keyId());
        if (key.isEmpty()) {
            return false;
        }
        try {
            TreeHead signed = new TreeHead(head.treeSize(), HexFormat.of().parseHex(head.rootHash()), head.signedAt(),
                    head.keyId(), head.algorithm());
            return TreeHeadSignature.verify(signed, head.signature(), key.get());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean sameHead(SignedTreeHead a, SignedTreeHead b) {
        return a.rootHash().equals(b.rootHash()) && a.signature().equals(b.signature())
                && a.signedAt().equals(b.signedAt()) && a.keyId().equals(b.keyId());
    }

    private static boolean sameHead(SignedTreeHead published, StoredHead row) {
        TreeHead head = row.head();
        return published.rootHash().equals(head.rootHashHex()) && published.signature().equals(row.signature())
                && published.signedAt().equals(head.signedAt()) && published.keyId().equals(head.keyId());
    }

    private long treeSize() {
        return database.query("select coalesce(max(leaf_index) + 1, 0) as size from audit_entry").execute()
                .await().atMost(SQL_TIMEOUT).iterator().next().getLong("size");
    }

    private List<Row> page(long from, long count) {
        List<Row> rows = new ArrayList<>();
        database.preparedQuery("select e.leaf_index, e.record, n.hash from audit_entry e"
                        + " left join tree_node n on n.level = 0 and n.idx = e.leaf_index"
                        + " where e.leaf_index >= $1 order by e.leaf_index limit $2")
                .execute(Tuple.of(from, count))
                .await().atMost(SQL_TIMEOUT)
                .forEach(rows::add);
        return rows;
    }

    private static byte[] leafHash(String record) {
        try {
            return CanonicalJson.leafHash(JSON.readTree(record));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The counters of one check. */
    private static final class Run {
        final long size;
        final Instant checkedAt;
        int heads;
        long entries;
        Long latestPublished;

        Run(long size, Instant checkedAt) {
            this.size = size;
            this.checkedAt = checkedAt;
        }

        IntegrityReport invalid(Long leafIndex, String problem) {
            return new IntegrityReport(false, leafIndex, problem, heads, entries, size, latestPublished, checkedAt);
        }

        IntegrityReport valid() {
            return new IntegrityReport(true, null, null, heads, entries, size, latestPublished, checkedAt);
        }
    }
}
