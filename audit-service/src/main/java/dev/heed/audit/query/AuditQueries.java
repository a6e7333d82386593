package dev.heed.audit.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heed.audit.EntryTypes;
import dev.heed.audit.ingest.Intake;
import dev.heed.audit.ingest.IntakeRow;
import dev.heed.audit.ingest.StoredRecords;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reads the log, and logs every read: the query becomes a {@code dev.heed.audit.queried.v1}
 * entry naming who asked and what, with the subject key at most (never a customer id). It goes
 * through the intake like any event, so the appender gives it its place in the tree.
 */
@ApplicationScoped
public class AuditQueries {

    public static final String SOURCE = "/heed/audit-service";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Pool database;
    private final Intake intake;
    private final Clock clock;

    AuditQueries(Pool database, Intake intake, Clock clock) {
        this.database = database;
        this.intake = intake;
        this.clock = clock;
    }

    public Uni<EntryPage> find(AuditQuery query, String actor, Set<String> roles) {
        return intake.write(List.of(queried(query, actor, roles))).chain(() -> page(query));
    }

    private Uni<EntryPage> page(AuditQuery query) {
        List<Object> values = new ArrayList<>();
        StringBuilder sql = new StringBuilder("select leaf_index, record from audit_entry where leaf_index > $1");
        values.add(query.after());
        condition(sql, values, "subject_key = ", query.subjectKey());
        condition(sql, values, "directive_id = ", query.directiveId());
        condition(sql, values, "request_id = ", query.requestId());
        condition(sql, values, "event_type = ", query.type());
        condition(sql, values, "event_time >= ", query.from() == null ? null : query.from().atOffset(ZoneOffset.UTC));
        condition(sql, values, "event_time < ", query.to() == null ? null : query.to().atOffset(ZoneOffset.UTC));
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

    private static void condition(StringBuilder sql, List<Object> values, String clause, Object value) {
        if (value != null) {
            values.add(value);
            sql.append(" and ").append(clause).append('$').append(values.size());
        }
    }

    /**
     * Logs a read that is not a query, e.g. a proof or an evidence bundle: {@code kind} says what,
     * {@code details} which ids (never a customer id).
     */
    public Uni<Void> logAccess(String kind, ObjectNode details, String subjectKey, String actor, Set<String> roles) {
        ObjectNode data = details.deepCopy();
        data.put("kind", kind);
        return intake.write(List.of(queried(data, subjectKey, actor, roles))).replaceWithVoid();
    }

    private IntakeRow queried(AuditQuery query, String actor, Set<String> roles) {
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("kind", query.kind());
        putIfPresent(data, "subjectKey", query.subjectKey());
        putIfPresent(data, "directiveId", query.directiveId());
        putIfPresent(data, "requestId", query.requestId());
        putIfPresent(data, "type", query.type());
        putIfPresent(data, "from", query.from() == null ? null : query.from().toString());
        putIfPresent(data, "to", query.to() == null ? null : query.to().toString());
        data.put("after", query.after());
        data.put("limit", query.limit());
        return queried(data, query.subjectKey(), actor, roles);
    }

    private IntakeRow queried(ObjectNode details, String subjectKey, String actor, Set<String> roles) {
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("queryId", id);
        data.put("actor", actor);
        roles.stream().sorted().forEach(data.putArray("roles")::add);
        data.setAll(details);
        data.put("queriedAt", now.toString());
        return StoredRecords.direct(SOURCE, id, EntryTypes.AUDIT_QUERIED, subjectKey, now, data);
    }

    private static void putIfPresent(ObjectNode data, String field, String value) {
        if (value != null) {
            data.put(field, value);
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
