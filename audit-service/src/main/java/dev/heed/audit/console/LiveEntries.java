package dev.heed.audit.console;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What was appended to the log, as a stream: every console polls the log by leaf index, so
 * whichever replica serves it, it shows the same entries in the same order, and a reconnecting
 * browser resumes after the last leaf it saw.
 */
@ApplicationScoped
public class LiveEntries {

    /** A freshly opened console starts with this many of the latest entries. */
    static final int BACKLOG = 25;
    private static final int BATCH = 200;

    private final Pool database;
    private final ConsoleConfig config;

    LiveEntries(Pool database, ConsoleConfig config) {
        this.database = database;
        this.config = config;
    }

    /** Entries after leaf {@code after}, or the latest {@link #BACKLOG} and on if {@code after} is null. */
    public Multi<LiveEntry> from(Long after) {
        Uni<Long> start = after != null ? Uni.createFrom().item(after) : backlogStart();
        return start.onItem().transformToMulti(first -> {
            AtomicLong last = new AtomicLong(first);
            return Multi.createFrom().ticks().every(config.pollEvery())
                    .onOverflow().drop()
                    .onItem().transformToUniAndConcatenate(tick -> after(last.get()))
                    .onItem().transformToIterable(entries -> {
                        if (!entries.isEmpty()) {
                            last.set(entries.get(entries.size() - 1).leafIndex());
                        }
                        return entries;
                    });
        });
    }

    private Uni<Long> backlogStart() {
        return database.query("select coalesce(max(leaf_index), -1) as last from audit_entry").execute()
                .map(rows -> Math.max(-1, rows.iterator().next().getLong("last") - BACKLOG));
    }

    private Uni<List<LiveEntry>> after(long leafIndex) {
        return database.preparedQuery("select " + LiveEntry.COLUMNS
                        + " from audit_entry where leaf_index > $1 order by leaf_index limit $2")
                .execute(Tuple.of(leafIndex, BATCH))
                .map(rows -> {
                    List<LiveEntry> entries = new ArrayList<>();
                    for (Row row : rows) {
                        entries.add(LiveEntry.of(row));
                    }
                    return entries;
                });
    }
}
