package dev.heed.audit.query;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Pages of the log by subject, directive, request, type and time; every query is logged ({@link QueryLog}). */
@ApplicationScoped
public class AuditQueries {

    private final AuditEntryRepository entries;
    private final QueryLog log;

    AuditQueries(AuditEntryRepository entries, QueryLog log) {
        this.entries = entries;
        this.log = log;
    }

    public Uni<EntryPage> find(AuditQuery query, String actor, Set<String> roles) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("directiveId", query.directiveId());
        parameters.put("requestId", query.requestId());
        parameters.put("type", query.type());
        parameters.put("from", query.from() == null ? null : query.from().toString());
        parameters.put("to", query.to() == null ? null : query.to().toString());
        parameters.put("after", query.after());
        parameters.put("limit", query.limit());
        return log.record(actor, roles, query.kind(), query.subjectKey(), parameters).chain(() -> entries.page(query));
    }
}
