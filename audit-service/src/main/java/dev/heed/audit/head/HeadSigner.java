package dev.heed.audit.head;

import dev.heed.audit.AuditConfig;
import dev.heed.audit.log.TreeNodes;
import dev.heed.audit.query.QueryLog;
import dev.heed.audit.verify.MerkleTree;
import dev.heed.audit.verify.TreeHead;
import dev.heed.audit.verify.TreeHeadSignature;
import dev.heed.platform.leadership.LeaderJob;
import dev.heed.platform.leadership.Leadership;
import dev.heed.platform.outbox.EventOutbox;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.audit.SignedTreeHead;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Leader-only: signs a tree head when the log grew, at most every {@code heed.audit.heads.every}
 * and at the latest once {@code heed.audit.heads.max-leaves} new leaves wait. A head never covers
 * more than max-leaves new leaves (the published event carries their hashes), so a large backlog
 * is signed as several heads in a row. The {@code signed_head} row and the
 * {@code dev.heed.audit.tree-head-signed.v1} event commit in one transaction (the outbox).
 */
@ApplicationScoped
public class HeadSigner extends LeaderJob<List<StoredHead>> {

    public static final String NAME = "audit-heads";

    private final Pool database;
    private final EventOutbox outbox;
    private final SigningKeys keys;
    private final SignedHeads heads;
    private final Clock clock;
    private final Duration every;
    private final int maxLeaves;
    private final long lockKey;
    private final AtomicReference<Instant> lastSignedAt = new AtomicReference<>();

    HeadSigner(Leadership leadership, Pool database, EventOutbox outbox, SigningKeys keys, SignedHeads heads,
            Clock clock, AuditConfig config, MeterRegistry registry) {
        super(NAME, leadership);
        this.database = database;
        this.outbox = outbox;
        this.keys = keys;
        this.heads = heads;
        this.clock = clock;
        this.every = config.heads().every();
        this.maxLeaves = config.heads().maxLeaves();
        this.lockKey = config.heads().lockKey();
        Gauge.builder("heed.audit.heads.last-signed.age", this, HeadSigner::lastSignedAgeSeconds)
                .description("Seconds since the latest signed tree head (leader; -1 elsewhere or before the first)")
                .baseUnit("seconds")
                .register(registry);
    }

    @Scheduled(identity = "heed-" + NAME, every = "${heed.audit.heads.check-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().replaceWithVoid();
    }

    /** Yields the heads signed, oldest first. */
    @Override
    protected Uni<List<StoredHead>> batch() {
        return signDue(new ArrayList<>());
    }

    private Uni<List<StoredHead>> signDue(List<StoredHead> signed) {
        return heads.latest().chain(latest -> {
            latest.ifPresent(head -> lastSignedAt.set(head.head().signedAt()));
            return treeSize().chain(size -> {
                long previous = latest.map(StoredHead::treeSize).orElse(0L);
                long waiting = size - previous;
                boolean due = waiting >= maxLeaves || waiting > 0 && latest
                        .map(head -> !clock.instant().isBefore(head.head().signedAt().plus(every)))
                        .orElse(true);
                if (!due) {
                    return Uni.createFrom().item(signed);
                }
                return sign(previous, Math.min(size, previous + maxLeaves)).chain(head -> {
                    if (head.isEmpty()) {
                        return Uni.createFrom().item(signed);
                    }
                    signed.add(head.get());
                    lastSignedAt.set(head.get().head().signedAt());
                    return signDue(signed);
                });
            });
        });
    }

    private Uni<Optional<StoredHead>> sign(long previous, long treeSize) {
        return TreeNodes.read(database, MerkleTree.rootNeeds(treeSize))
                .map(nodes -> MerkleTree.root(treeSize, subtree -> nodes.get(subtree)))
                .chain(root -> leafHashes(previous, treeSize).chain(leaves -> {
                    // Millisecond precision: the signed text of signedAt survives the database round trip.
                    Instant signedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
                    TreeHead head = new TreeHead(treeSize, root, signedAt, keys.keyId(), TreeHeadSignature.ALGORITHM);
                    StoredHead stored = new StoredHead(head, keys.sign(head), previous);
                    return Panache.withTransaction(() -> store(stored, leaves));
                }));
    }

    /** Stores and publishes the head unless another signer got there first (then nothing). */
    private Uni<Optional<StoredHead>> store(StoredHead stored, List<String> leaves) {
        TreeHead head = stored.head();
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select cast(pg_advisory_xact_lock(:key) as text)")
                .setParameter("key", lockKey)
                .getSingleResult()
                .chain(() -> session.createNativeQuery("insert into signed_head (" + StoredHead.COLUMNS + ")"
                                + " select :size, :root, :signedAt, :keyId, :algorithm, :signature, :first"
                                + " where coalesce((select max(tree_size) from signed_head), 0) = :first")
                        .setParameter("size", head.treeSize())
                        .setParameter("root", head.rootHash())
                        .setParameter("signedAt", head.signedAt().atOffset(ZoneOffset.UTC))
                        .setParameter("keyId", head.keyId())
                        .setParameter("algorithm", head.algorithm())
                        .setParameter("signature", stored.signature())
                        .setParameter("first", stored.firstLeafIndex())
                        .executeUpdate()))
                .chain(inserted -> inserted == 0
                        ? Uni.createFrom().item(Optional.<StoredHead>empty())
                        : outbox.append(Topics.AUDIT_HEADS, HeedEvent.of(EventType.AUDIT_TREE_HEAD_SIGNED,
                                        QueryLog.SOURCE, head.signedAt(),
                                        new SignedTreeHead(head.treeSize(), head.rootHashHex(), head.keyId(),
                                                head.algorithm(), stored.signature(), head.signedAt(),
                                                stored.firstLeafIndex(), leaves)))
                                .replaceWith(Optional.of(stored)));
    }

    private Uni<Long> treeSize() {
        return database.query("select coalesce(max(leaf_index) + 1, 0) as size from audit_entry").execute()
                .map(rows -> rows.iterator().next().getLong("size"));
    }

    private Uni<List<String>> leafHashes(long from, long to) {
        return database.preparedQuery("select hash from tree_node where level = 0 and idx >= $1 and idx < $2"
                        + " order by idx")
                .execute(Tuple.of(from, to))
                .map(rows -> {
                    List<String> hashes = new ArrayList<>();
                    for (Row row : rows) {
                        hashes.add(HexFormat.of().formatHex(row.getBuffer("hash").getBytes()));
                    }
                    if (hashes.size() != to - from) {
                        throw new IllegalStateException("the tree lacks leaves between " + from + " and " + to);
                    }
                    return hashes;
                });
    }

    private double lastSignedAgeSeconds() {
        Instant last = lastSignedAt.get();
        if (last == null || !isLeader()) {
            return -1;
        }
        return Duration.between(last, clock.instant()).toMillis() / 1000.0;
    }
}
