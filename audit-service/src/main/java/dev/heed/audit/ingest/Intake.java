package dev.heed.audit.ingest;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** The intake table: what any replica received, waiting for the appender. */
@ApplicationScoped
public class Intake {

    private final Pool database;

    public Intake(Pool database) {
        this.database = database;
    }

    /**
     * Writes a batch in one statement, in the order given (the appender's order); an event already
     * waiting (same source and id) is skipped.
     */
    public Uni<Integer> write(List<IntakeRow> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return database.preparedQuery("insert into intake (event_source, event_id, record, received_at)"
                        + " select s, i, r, t from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])"
                        + " with ordinality as batch(s, i, r, t, n) order by n"
                        + " on conflict (event_source, event_id) do nothing")
                .execute(Tuple.of(
                        rows.stream().map(IntakeRow::eventSource).toArray(String[]::new),
                        rows.stream().map(IntakeRow::eventId).toArray(String[]::new),
                        rows.stream().map(IntakeRow::record).toArray(String[]::new),
                        rows.stream().map(row -> row.receivedAt().atOffset(ZoneOffset.UTC))
                                .toArray(OffsetDateTime[]::new)))
                .map(result -> result.rowCount());
    }
}
