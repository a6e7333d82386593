package dev.heed.audit.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The audit query's read of {@code audit_entry}: one page of the entries matching every filter given. */
@ApplicationScoped
public class AuditEntryRepository {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Pool database;

    AuditEntryRepository(Pool database) {
        this.database = database;
    }

    Uni<EntryPage> page(AuditQuery query) {
        List<Object> values = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select leaf_index, record from audit_entry where leaf_index > $1");
        values.add(query.after());
        condition(sql, values, "subject_keys @> array[?]::text[]", query.subjectKey());
        condition(sql, values, "directive_id = ?", query.directiveId());
        condition(sql, values, "request_id = ?", query.requestId());
        condition(sql, values, "event_type = ?", query.type());
        condition(sql, values, "event_time >= ?", query.from() == null ? null : query.from().atOffset(ZoneOffset.UTC));
        condition(sql, values, "event_time < ?", query.to() == null ? null : query.to().atOffset(ZoneOffset.UTC));
        values.add(query.limit() + 1);
        sql.append(" order by leaf_index limit $").append(values.size());
        return database.preparedQuery(sql.toString()).execute(Tuple.from(values)).map(rows -> {
            List<EntryPage.Entry> entries = new ArrayList<>();
            for (Row row : rows) {
                entries.add(new EntryPage.Entry(row.getLong("leaf_index"), parse(row.getString("record"))));
            }
            if (entries.size() <= query.limit()) {
                return new EntryPage(entries, null);
            }
            List<EntryPage.Entry> page = List.copyOf(entries.subList(0, query.limit()));
            return new EntryPage(page, page.get(page.size() - 1).leafIndex());
        });
    }

    /** Adds {@code clause} with its {@code ?} bound to {@code value}, unless the filter is absent. */
    private static void condition(StringBuilder sql, List<Object> values, String clause, Object value) {
        if (value != null) {
            values.add(value);
            sql.append(" and ").append(clause.replace("?", "$" + values.size()));
        }
    }

    private static JsonNode parse(String record) {
        try {
            return JSON.readTree(record);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored record is not JSON", e);
        }
    }
}
