package dev.heed.dsr.request;

import dev.heed.platform.leadership.Leadership;
import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import dev.heed.dsr.request.SubjectRequestRepository.Backlog;
import dev.heed.dsr.request.SubjectRequestRepository.CompletionTimes;
import io.quarkus.hibernate.reactive.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
    private final SubjectRequestRepository requests;
    private final Clock clock;
    private final MultiGauge open;
    private final MultiGauge dueSoon;
    private final MultiGauge completion;

    RequestBacklog(Leadership leadership, SubjectRequestRepository requests, Clock clock, MeterRegistry registry) {
        this.leadership = leadership;
        this.requests = requests;
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
        return Panache.withSession(() -> requests.backlog(now, now.plus(SOON)).invoke(this::backlog)
                .chain(() -> requests.completionTimes(now.minus(COMPLETED_WITHIN)))
                .invoke(this::completion)
                .replaceWithVoid());
    }

    private void backlog(List<Backlog> rows) {
        Map<Tags, long[]> counts = new HashMap<>();
        for (RequestType type : RequestType.values()) {
            for (Regulation regulation : Regulation.values()) {
                counts.put(Tags.of(TYPE, type.name(), REGULATION, regulation.name()), new long[2]);
            }
        }
        for (Backlog row : rows) {
            long[] known = counts.get(Tags.of(TYPE, row.type(), REGULATION, row.regulation()));
            if (known != null) {
                known[0] = row.open();
                known[1] = row.dueSoon();
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

    private void completion(List<CompletionTimes> rows) {
        List<MultiGauge.Row<?>> quantiles = new ArrayList<>();
        for (CompletionTimes row : rows) {
            Tags tags = Tags.of(TYPE, row.type(), REGULATION, row.regulation());
            quantiles.add(MultiGauge.Row.of(tags.and("quantile", "0.5"), row.p50()));
            quantiles.add(MultiGauge.Row.of(tags.and("quantile", "0.9"), row.p90()));
            quantiles.add(MultiGauge.Row.of(tags.and("quantile", "1"), row.longest()));
        }
        completion.register(quantiles, true);
    }
}
