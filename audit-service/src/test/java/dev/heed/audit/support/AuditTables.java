package dev.heed.audit.support;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Direct reads of the audit database, for what the API does not show. */
public final class AuditTables {

    private static final Duration SQL = Duration.ofSeconds(30);

    private final Pool database;

    public AuditTables(Pool database) {
        this.database = database;
    }

    public long count(String sql, Object... values) {
        return database.preparedQuery(sql).execute(Tuple.from(List.of(values))).await().atMost(SQL)
                .iterator().next().getLong(0);
    }

    public long entriesOf(String eventSource, String eventId) {
        return count("select count(*) from audit_entry where event_source = $1 and event_id = $2", eventSource,
                eventId);
    }

    public List<String> column(String sql, Object... values) {
        List<String> found = new ArrayList<>();
        for (Row row : database.preparedQuery(sql).execute(Tuple.from(List.of(values))).await().atMost(SQL)) {
            found.add(row.getValue(0) == null ? null : String.valueOf(row.getValue(0)));
        }
        return found;
    }

    /** Every row of every table of the database, schema by schema, as PostgreSQL renders it as text. */
    public String everyRowAsText() {
        StringBuilder dump = new StringBuilder();
        for (String table : column("select format('%I.%I', table_schema, table_name) from information_schema.tables"
                + " where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')")) {
            for (String row : column("select t::text from " + table + " t")) {
                dump.append(table).append(' ').append(row).append('\n');
            }
        }
        return dump.toString();
    }
}
