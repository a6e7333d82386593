package dev.heed.dsr.request;

import dev.heed.platform.leadership.Leadership;
import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dashboard gauges of the request backlog, counted from the database by the leader (followers
 * report none, so a sum over replicas stays right). Labels are the request type, regulation and
 * quantile only:
 * <ul>
 * <li>{@code heed.dsr.requests.open{type,regulation}}: open requests, every combination reported
 * (zeros too, so a panel never goes blank);</li>
 * <li>{@code heed.dsr.requests.due.soon{type,regulation}}: of those, the ones whose deadline falls
 * within the next {@link #SOON} (not yet overdue);</li>
 * <li>{@code heed.dsr.requests.completion.seconds{type,regulation,quantile}}: receipt-to-close time of the
 * requests answered (completed or partially) in the last {@link #COMPLETED_WITHIN}; quantile
 * 0.5, 0.9 and 1 (the longest).</li>
 * </ul>
 */
@ApplicationScoped
public class RequestBacklog {

    static final Duration SOON = Duration.ofDays(7);
    static final Duration COMPLETED_WITHIN = Duration.ofDays(30);
    private static final String TYPE = "type";
    private static final String REGULATION = "regulation";

    private final Leadership leadership;
    private final Pool database;
    private final Clock clock;
    private final MultiGauge open;
    private final MultiGauge dueSoon;
    private final MultiGauge completion;

    RequestBacklog(Leadership leadership, Pool database, Clock clock, MeterRegistry registry) {
        this.leadership = leadership;
        this.database = database;
        this.clock = clock;
        this.open = MultiGauge.builder("heed.dsr.requests.open")
                .description("Open data-subject requests (leader; none elsewhere)")
                .register(registry);
        this.dueSoon = MultiGauge.builder("heed.dsr.requests.due.soon")
                .description("Open data-subject requests due within 7 days, not yet overdue (leader; none elsewhere)")
                .register(registry);
        this.completion = MultiGauge.builder("heed.dsr.requests.completion.seconds")
                .description("Receipt-to-close time of the requests answered in the last 30 days (leader; none elsewhere)")
                .register(registry);
    }

    @Scheduled(identity = "heed-dsr-request-backlog", every = "${heed.dsr.metrics.every:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return refresh();
    }

    public Uni<Void> refresh() {
        if (!leadership.isLeader()) {
            open.register(List.of(), true);
            dueSoon.register(List.of(), true);
            completion.register(List.of(), true);
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        Uni<Void> backlog = database.preparedQuery("select request_type, regulation, count(*) as open,"
                        + " count(*) filter (where coalesce(extended_due_at, due_at) >= $1"
                        + " and coalesce(extended_due_at, due_at) < $2) as due_soon"
                        + " from subject_request where closed_at is null group by request_type, regulation")
                .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), now.plus(SOON).atOffset(ZoneOffset.UTC)))
                .invoke(this::backlog)
                .replaceWithVoid();
        Uni<Void> completed = database.preparedQuery("select request_type, regulation,"
                        + " percentile_cont(0.5) within group (order by extract(epoch from closed_at - received_at)) as p50,"
                        + " percentile_cont(0.9) within group (order by extract(epoch from closed_at - received_at)) as p90,"
                        + " max(extract(epoch from closed_at - received_at))::float8 as longest"
                        + " from subject_request where closed_at >= $1 and status in ('COMPLETED', 'PARTIALLY_COMPLETED')"
                        + " group by request_type, regulation")
                .execute(Tuple.of(now.minus(COMPLETED_WITHIN).atOffset(ZoneOffset.UTC)))
                .invoke(this::completion)
                .replaceWithVoid();
        return backlog.chain(() -> completed);
    }

    private void backlog(RowSet<Row> rows) {
        Map<Tags, long[]> counts = new HashMap<>();
        for (RequestType type : RequestType.values()) {
            for (Regulation regulation : Regulation.values()) {
                counts.put(Tags.of(TYPE, type.name(), REGULATION, regulation.name()), new long[2]);
            }
        }
        for (Row row : rows) {
            long[] known = counts.get(Tags.of(TYPE, row.getString("request_type"), REGULATION, row.getString("regulation")));
            if (known != null) {
                known[0] = row.getLong("open");
                known[1] = row.getLong("due_soon");
            }
        }
        List<MultiGauge.Row<?>> openRows = new ArrayList<>();
        List<MultiGauge.Row<?>> soonRows = new ArrayList<>();
        counts.forEach((tags, values) -> {
            openRows.add(MultiGauge.Row.of(tags, values[0]));
            soonRows.add(MultiGauge.Row.of(tags, values[1]));
        });
        open.register(openRows, true);
        dueSoon.register(soonRows, true);
    }

    private void completion(RowSet<Row> rows) {
        List<MultiGauge.Row<?>> quantiles = new ArrayList<>();
        for (Row row : rows) {
            Tags tags = Tags.of(TYPE, row.getString("request_type"), REGULATION, row.getString("regulation"));
            quantiles.add(MultiGauge.Row.of(tags.and("quantile", "0.5"), row.getDouble("p50")));
            quantiles.add(MultiGauge.Row.of(tags.and("quantile", "0.9"), row.getDouble("p90")));
            quantiles.add(MultiGauge.Row.of(tags.and("quantile", "1"), row.getDouble("longest")));
        }
        completion.register(quantiles, true);
    }
}
