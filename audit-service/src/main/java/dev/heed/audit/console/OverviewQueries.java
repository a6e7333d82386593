package dev.heed.audit.console;

import dev.heed.events.EventType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the console's overview from the log alone, so every replica shows the same: the flow
 * per topic, the directives in flight with their fan-in (from the logged directive-issued and
 * acknowledged entries), the systems overdue, the tree size and the latest signed head.
 */
@ApplicationScoped
public class OverviewQueries {

    /** The in-flight table lists at most this many directives, oldest first; the total is shown above it. */
    static final int SHOWN_DIRECTIVES = 50;

    /**
     * One row per (directive, system) issued within the window ($3), with the system's latest
     * answer: {@code tasks(directive_id, system_id, kind, issued_at, deadline, answer)}.
     */
    private static final String TASKS = """
            with issued as (
                select directive_id, record::jsonb #>> '{data,systemId}' as system_id,
                       min(record::jsonb #>> '{data,kind}') as kind, min(event_time) as issued_at,
                       max((record::jsonb #>> '{data,deadline}')::timestamptz) as deadline
                from audit_entry
                where event_type = $1 and event_time >= $3 and directive_id is not null
                group by 1, 2
            ), answers as (
                select distinct on (directive_id, record::jsonb #>> '{data,systemId}')
                       directive_id, record::jsonb #>> '{data,systemId}' as system_id,
                       record::jsonb #>> '{data,outcome}' as answer
                from audit_entry
                where event_type = $2 and directive_id in (select directive_id from issued)
                order by directive_id, record::jsonb #>> '{data,systemId}', leaf_index desc
            ), tasks as (
                select i.directive_id, i.system_id, i.kind, i.issued_at, i.deadline, a.answer
                from issued i left join answers a using (directive_id, system_id)
            )
            """;
    private static final String UNSETTLED = "(answer is null or answer not in ('DONE', 'NOT_APPLICABLE'))";

    private final Pool database;
    private final Clock clock;
    private final ConsoleConfig config;
    private final LatestSignedHead heads;

    OverviewQueries(Pool database, Clock clock, ConsoleConfig config, LatestSignedHead heads) {
        this.database = database;
        this.clock = clock;
        this.config = config;
        this.heads = heads;
    }

    public Uni<Overview> read() {
        Instant now = clock.instant();
        return Uni.combine().all()
                .unis(treeSize(), topics(now), inFlight(now), overdue(now), heads.latest(now))
                .with((size, topics, inFlight, overdue, head) -> new Overview(Ages.shown(now), size, topics,
                        inFlight.shown(), inFlight.total(), overdue, head.orElse(null)));
    }

    private Uni<Long> treeSize() {
        return database.query("select coalesce(max(leaf_index) + 1, 0) as size from audit_entry").execute()
                .map(rows -> rows.iterator().next().getLong("size"));
    }

    private Uni<List<TopicFlow>> topics(Instant now) {
        return database.preparedQuery("""
                        select coalesce(topic, 'audit-service') as topic, count(*) as last_hour,
                               count(*) filter (where event_time >= $2) as last_five
                        from audit_entry where event_time >= $1
                        group by 1 order by 1
                        """)
                .execute(Tuple.of(utc(now.minus(Duration.ofHours(1))), utc(now.minus(Duration.ofMinutes(5)))))
                .map(rows -> {
                    List<TopicFlow> topics = new ArrayList<>();
                    for (Row row : rows) {
                        topics.add(TopicFlow.of(row.getString("topic"), row.getLong("last_hour"),
                                row.getLong("last_five")));
                    }
                    return topics;
                });
    }

    private record InFlight(List<DirectiveFanIn> shown, long total) {
    }

    private Uni<InFlight> inFlight(Instant now) {
        return database.preparedQuery(TASKS + """
                        , open as (
                            select directive_id, min(issued_at) as issued_at, count(*) over () as total
                            from tasks group by directive_id having bool_or(%s)
                            order by 2, 1 limit $4
                        )
                        select t.*, o.total from tasks t join open o using (directive_id)
                        order by o.issued_at, t.directive_id, t.system_id
                        """.formatted(UNSETTLED))
                .execute(Tuple.of(EventType.DIRECTIVE_ISSUED.type(), EventType.DIRECTIVE_ACKNOWLEDGED.type(),
                        utc(now.minus(config.directiveWindow())), SHOWN_DIRECTIVES))
                .map(rows -> {
                    Map<String, List<Row>> byDirective = new LinkedHashMap<>();
                    long total = 0;
                    for (Row row : rows) {
                        byDirective.computeIfAbsent(row.getString("directive_id"), id -> new ArrayList<>()).add(row);
                        total = row.getLong("total");
                    }
                    List<DirectiveFanIn> shown = byDirective.entrySet().stream()
                            .map(directive -> fanIn(directive.getKey(), directive.getValue(), now))
                            .toList();
                    return new InFlight(shown, total);
                });
    }

    private static DirectiveFanIn fanIn(String directiveId, List<Row> tasks, Instant now) {
        Instant issuedAt = tasks.stream().map(row -> row.getOffsetDateTime("issued_at").toInstant())
                .min(Instant::compareTo).orElseThrow();
        Instant deadline = tasks.stream().map(row -> row.getOffsetDateTime("deadline").toInstant())
                .max(Instant::compareTo).orElseThrow();
        List<DirectiveFanIn.Task> recipients = tasks.stream()
                .map(row -> new DirectiveFanIn.Task(row.getString("system_id"), row.getString("answer")))
                .toList();
        return new DirectiveFanIn(directiveId, tasks.get(0).getString("kind"), Ages.shown(issuedAt),
                Ages.of(Duration.between(issuedAt, now)), Ages.shown(deadline), deadline.isBefore(now), recipients);
    }

    private Uni<List<OverdueSystem>> overdue(Instant now) {
        return database.preparedQuery(TASKS + """
                        select system_id, count(*) as tasks, min(deadline) as oldest
                        from tasks where %s and deadline < $4
                        group by system_id order by 2 desc, 1
                        """.formatted(UNSETTLED))
                .execute(Tuple.of(EventType.DIRECTIVE_ISSUED.type(), EventType.DIRECTIVE_ACKNOWLEDGED.type(),
                        utc(now.minus(config.directiveWindow())), utc(now)))
                .map(rows -> {
                    List<OverdueSystem> systems = new ArrayList<>();
                    for (Row row : rows) {
                        Instant oldest = row.getOffsetDateTime("oldest").toInstant();
                        systems.add(new OverdueSystem(row.getString("system_id"), row.getLong("tasks"),
                                Ages.shown(oldest), Ages.of(Duration.between(oldest, now))));
                    }
                    return systems;
                });
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
