package dev.heed.audit.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heed.audit.AuditConfig;
import dev.heed.audit.verify.MerkleTree;
import dev.heed.audit.verify.Subtree;
import dev.heed.platform.leadership.LeaderJob;
import dev.heed.platform.leadership.Leadership;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Leader-only: turns intake rows, in intake order, into leaves 0, 1, 2, ... without gaps. One
 * transaction per batch stores the leaves' canonical records, their hashes and every subtree they
 * complete, and deletes the rows from the intake; a crash anywhere rolls all of it back and the
 * next run (here or on the next leader) starts again from the committed log. Every batch holds a
 * transaction-level advisory lock, so a replica that lost leadership mid-run waits instead of
 * appending beside the new leader, and then sees its leaves.
 */
@ApplicationScoped
public class Appender extends LeaderJob<Long> {

    public static final String NAME = "audit-append";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Pool database;
    private final Clock clock;
    private final LogMetrics metrics;
    private final AppendFaultPoint faults;
    private final int batchSize;
    private final long lockKey;

    Appender(Leadership leadership, Pool database, Clock clock, LogMetrics metrics, AppendFaultPoint faults,
            AuditConfig config) {
        super(NAME, leadership);
        this.database = database;
        this.clock = clock;
        this.metrics = metrics;
        this.faults = faults;
        this.batchSize = config.append().batchSize();
        this.lockKey = config.append().lockKey();
    }

    @Scheduled(identity = "heed-" + NAME, every = "${heed.audit.append.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().replaceWithVoid();
    }

    /** Yields the number of leaves appended. */
    @Override
    protected Uni<Long> batch() {
        return drain().call(metrics::refresh);
    }

    private Uni<Long> drain() {
        return database.withTransaction(this::appendBatch)
                .invoke(metrics::appended)
                .chain(appended -> appended.taken() < batchSize
                        ? Uni.createFrom().item((long) appended.entries().size())
                        : drain().map(more -> appended.entries().size() + more));
    }

    /** @param taken intake rows consumed, duplicates of logged events included */
    record Appended(List<LogEntry> entries, int taken) {
    }

    private Uni<Appended> appendBatch(SqlConnection connection) {
        return connection.preparedQuery("select pg_advisory_xact_lock($1)").execute(Tuple.of(lockKey))
                .chain(() -> connection.query("select coalesce(max(leaf_index) + 1, 0) as next from audit_entry")
                        .execute())
                .map(rows -> rows.iterator().next().getLong("next"))
                .chain(next -> connection
                        .preparedQuery("select seq, event_source, event_id, record from intake order by seq limit $1")
                        .execute(Tuple.of(batchSize))
                        .chain(rows -> {
                            List<Row> intake = new ArrayList<>();
                            rows.forEach(intake::add);
                            return intake.isEmpty()
                                    ? Uni.createFrom().item(new Appended(List.of(), 0))
                                    : append(connection, next, intake);
                        }));
    }

    private Uni<Appended> append(SqlConnection connection, long next, List<Row> intake) {
        String[] sources = intake.stream().map(row -> row.getString("event_source")).toArray(String[]::new);
        String[] ids = intake.stream().map(row -> row.getString("event_id")).toArray(String[]::new);
        Long[] seqs = intake.stream().map(row -> row.getLong("seq")).toArray(Long[]::new);
        return connection.preparedQuery("select e.event_source, e.event_id from audit_entry e"
                        + " join unnest($1::text[], $2::text[]) as taken(event_source, event_id)"
                        + " on e.event_source = taken.event_source and e.event_id = taken.event_id")
                .execute(Tuple.of(sources, ids))
                .map(rows -> {
                    Set<String> logged = new HashSet<>();
                    rows.forEach(row -> logged.add(key(row.getString("event_source"), row.getString("event_id"))));
                    // A consumer may have taken an event in again after it was appended: drop it.
                    return intake.stream()
                            .filter(row -> !logged.contains(key(row.getString("event_source"),
                                    row.getString("event_id"))))
                            .map(row -> parse(row.getString("record")))
                            .toList();
                })
                .chain(records -> TreeNodes.read(connection, MerkleTree.rootNeeds(next))
                        .map(frontier -> AppendPlan.of(next, frontier, records)))
                .chain(plan -> insertEntries(connection, plan.entries())
                        .chain(() -> insertNodes(connection, plan.nodes()))
                        .invoke(() -> faults.afterLeavesWritten(plan.entries()))
                        .chain(() -> connection.preparedQuery("delete from intake where seq = any($1)")
                                .execute(Tuple.of(seqs)))
                        .replaceWith(new Appended(plan.entries(), intake.size())));
    }

    private Uni<Void> insertEntries(SqlConnection connection, List<LogEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        List<Tuple> tuples = entries.stream()
                .map(entry -> Tuple.tuple()
                        .addLong(entry.leafIndex())
                        .addString(entry.eventSource())
                        .addString(entry.eventId())
                        .addString(entry.type())
                        .addString(entry.topic())
                        .addArrayOfString(entry.subjectKeys().toArray(String[]::new))
                        .addString(entry.directiveId())
                        .addString(entry.requestId())
                        .addString(entry.actor())
                        .addOffsetDateTime(entry.time().atOffset(ZoneOffset.UTC))
                        .addOffsetDateTime(now)
                        .addString(entry.canonical()))
                .toList();
        return connection.preparedQuery("insert into audit_entry (leaf_index, event_source, event_id, event_type,"
                        + " topic, subject_keys, directive_id, request_id, actor, event_time, appended_at, record)"
                        + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
                .executeBatch(tuples)
                .replaceWithVoid();
    }

    private static Uni<Void> insertNodes(SqlConnection connection, Map<Subtree, byte[]> nodes) {
        if (nodes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Short[] levels = nodes.keySet().stream().map(s -> (short) s.level()).toArray(Short[]::new);
        Long[] indices = nodes.keySet().stream().map(Subtree::index).toArray(Long[]::new);
        Buffer[] hashes = nodes.values().stream().map(Buffer::buffer).toArray(Buffer[]::new);
        return connection.preparedQuery("insert into tree_node (level, idx, hash)"
                        + " select * from unnest($1::smallint[], $2::bigint[], $3::bytea[])")
                .execute(Tuple.of(levels, indices, hashes))
                .replaceWithVoid();
    }

    private static String key(String source, String id) {
        return source.length() + ":" + source + id;
    }

    private static JsonNode parse(String record) {
        try {
            return JSON.readTree(record);
        } catch (IOException e) {
            throw new UncheckedIOException("an intake record is not JSON", e);
        }
    }
}
