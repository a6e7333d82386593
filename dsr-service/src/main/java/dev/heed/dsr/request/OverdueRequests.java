package dev.heed.dsr.request;

import dev.heed.directives.leadership.Leadership;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code heed.dsr.requests.overdue}: open requests past their legal deadline, counted from the
 * database by the leader; followers report none, so a sum over replicas stays right.
 */
@ApplicationScoped
public class OverdueRequests {

    private final Leadership leadership;
    private final Clock clock;
    private final AtomicLong overdue = new AtomicLong();

    OverdueRequests(Leadership leadership, Clock clock, MeterRegistry registry) {
        this.leadership = leadership;
        this.clock = clock;
        Gauge.builder("heed.dsr.requests.overdue", overdue, AtomicLong::get)
                .description("Open data-subject requests past their deadline")
                .register(registry);
    }

    @Scheduled(identity = "heed-dsr-overdue-requests", every = "${heed.dsr.metrics.every:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return refresh();
    }

    public Uni<Void> refresh() {
        if (!leadership.isLeader()) {
            overdue.set(0);
            return Uni.createFrom().voidItem();
        }
        return Panache.withSession(() -> SubjectRequest.count(
                        "closedAt is null and coalesce(extendedDueAt, dueAt) < :now",
                        Parameters.with("now", clock.instant())))
                .invoke(overdue::set)
                .replaceWithVoid();
    }
}
