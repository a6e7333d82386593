package dev.heed.audit.log;

import dev.heed.audit.EntryTypes;
import dev.heed.events.EventType;
import dev.heed.events.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Dashboard metrics of the log. Events are counted when appended (exactly once, on the leader;
 * sum over replicas). Labels stay bounded: per-system topics collapse to
 * {@code privacy.directives.*.v1} / {@code privacy.acks.*.v1} (system ids come and go; the entries
 * name the system), unknown topics and types to {@code other}. Tree size and intake backlog are
 * refreshed by the leader after each append run; followers report -1.
 */
@Singleton
public class LogMetrics {

    static final String OTHER = "other";
    private static final Pattern DIRECTIVES = Pattern.compile(Topics.DIRECTIVES_PATTERN);
    private static final Pattern ACKS = Pattern.compile(Topics.ACKS_PATTERN);
    private static final String DLQ = ".dlq";

    private final MeterRegistry registry;
    private final Pool database;
    private final AtomicLong treeSize = new AtomicLong(-1);
    private final AtomicLong pending = new AtomicLong(-1);

    LogMetrics(MeterRegistry registry, Pool database) {
        this.registry = registry;
        this.database = database;
        Gauge.builder("heed.audit.tree.size", treeSize, AtomicLong::get)
                .description("Leaves in the audit log's Merkle tree (leader; -1 elsewhere)")
                .register(registry);
        Gauge.builder("heed.audit.intake.pending", pending, AtomicLong::get)
                .description("Events received but not appended yet (leader; -1 elsewhere)")
                .register(registry);
    }

    void appended(Appender.Appended appended) {
        for (LogEntry entry : appended.entries()) {
            registry.counter("heed.audit.events.ingested", "topic", topicLabel(entry.topic()),
                    "type", typeLabel(entry.type())).increment();
        }
    }

    Uni<Void> refresh() {
        return database.query("select (select count(*) from intake) as pending,"
                        + " (select coalesce(max(leaf_index) + 1, 0) from audit_entry) as size")
                .execute()
                .invoke(rows -> {
                    Row row = rows.iterator().next();
                    pending.set(row.getLong("pending"));
                    treeSize.set(row.getLong("size"));
                })
                .replaceWithVoid();
    }

    static String topicLabel(String topic) {
        if (topic == null) {
            return "none";
        }
        if (topic.endsWith(DLQ)) {
            return topicLabel(topic.substring(0, topic.length() - DLQ.length())) + DLQ;
        }
        if (DIRECTIVES.matcher(topic).matches()) {
            return "privacy.directives.*.v1";
        }
        if (ACKS.matcher(topic).matches()) {
            return "privacy.acks.*.v1";
        }
        return Topics.fixed().contains(topic) ? topic : OTHER;
    }

    static String typeLabel(String type) {
        if (EventType.find(type).isPresent() || EntryTypes.OWN.contains(type)) {
            return type;
        }
        return OTHER;
    }
}
