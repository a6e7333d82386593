package dev.heed.audit.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heed.audit.EntryTypes;
import dev.heed.audit.ingest.Intake;
import dev.heed.audit.ingest.StoredRecords;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Every read of the log is logged: a {@code dev.heed.audit.queried.v1} entry naming who asked,
 * their roles, what kind of read and its parameters, with the subject key at most (never a
 * customer id). It goes through the intake like any event, so the appender gives it its place in
 * the tree; it never travels on Kafka.
 */
@ApplicationScoped
public class QueryLog {

    public static final String SOURCE = "/heed/audit-service";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Intake intake;
    private final Clock clock;

    QueryLog(Intake intake, Clock clock) {
        this.intake = intake;
        this.clock = clock;
    }

    /** @param parameters what was asked, e.g. filters; null values are left out */
    public Uni<Void> record(String actor, Set<String> roles, String kind, String subjectKey,
            Map<String, Object> parameters) {
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("queryId", id);
        data.put("actor", actor);
        roles.stream().sorted().forEach(data.putArray("roles")::add);
        data.put("kind", kind);
        if (subjectKey != null) {
            data.put("subjectKey", subjectKey);
        }
        new TreeMap<>(parameters).forEach((name, value) -> {
            if (value != null) {
                data.set(name, JSON.valueToTree(value));
            }
        });
        data.put("queriedAt", now.toString());
        return intake.write(List.of(StoredRecords.direct(SOURCE, id, EntryTypes.AUDIT_QUERIED, subjectKey,
                now, data))).replaceWithVoid();
    }
}
