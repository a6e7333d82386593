package dev.heed.retention.hold;

import dev.heed.platform.leadership.Leadership;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The gauges {@code heed.retention.holds.active} and {@code heed.retention.holds.review.overdue},
 * refreshed from the database on the leader; followers report none, so a sum over replicas counts
 * each hold once.
 */
@ApplicationScoped
public class HoldGauges {

    private final Leadership leadership;
    private final LegalHolds holds;
    private final MultiGauge active;
    private final MultiGauge reviewOverdue;

    HoldGauges(Leadership leadership, LegalHolds holds, MeterRegistry registry) {
        this.leadership = leadership;
        this.holds = holds;
        this.active = MultiGauge.builder("heed.retention.holds.active")
                .description("Active legal holds").register(registry);
        this.reviewOverdue = MultiGauge.builder("heed.retention.holds.review.overdue")
                .description("Active legal holds whose review date has passed").register(registry);
    }

    @Scheduled(identity = "heed-retention-hold-gauges", every = "${heed.retention.holds.metrics.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return refresh();
    }

    public Uni<Void> refresh() {
        if (!leadership.isLeader()) {
            active.register(List.of(), true);
            reviewOverdue.register(List.of(), true);
            return Uni.createFrom().voidItem();
        }
        return holds.counts().invoke(counts -> {
            active.register(row(counts.active()), true);
            reviewOverdue.register(row(counts.reviewOverdue()), true);
        }).replaceWithVoid();
    }

    private static List<MultiGauge.Row<?>> row(long value) {
        return List.of(MultiGauge.Row.of(Tags.empty(), value));
    }
}
