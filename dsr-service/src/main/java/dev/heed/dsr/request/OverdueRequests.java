package dev.heed.dsr.request;

import dev.heed.platform.leadership.Leadership;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code heed.dsr.requests.overdue}: open requests past their legal deadline, counted from the
 * database by the leader; followers report none, so a sum over replicas stays right. A request
 * {@code ON_HOLD} past its deadline is overdue too (the deadline keeps running while a legal hold
 * lasts); {@code heed.dsr.requests.overdue.held} says how many of them wait for a hold.
 */
@ApplicationScoped
public class OverdueRequests {

    private final Leadership leadership;
    private final SubjectRequestRepository requests;
    private final Clock clock;
    private final AtomicLong overdue = new AtomicLong();
    private final AtomicLong held = new AtomicLong();

    OverdueRequests(Leadership leadership, SubjectRequestRepository requests, Clock clock, MeterRegistry registry) {
        this.leadership = leadership;
        this.requests = requests;
        this.clock = clock;
        Gauge.builder("heed.dsr.requests.overdue", overdue, AtomicLong::get)
                .description("Open data-subject requests past their deadline")
                .register(registry);
        Gauge.builder("heed.dsr.requests.overdue.held", held, AtomicLong::get)
                .description("Of the overdue data-subject requests, those waiting for a legal hold (ON_HOLD)")
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
            held.set(0);
            return Uni.createFrom().voidItem();
        }
        return Panache.withSession(() -> requests.overdueCount(clock.instant()))
                .invoke(counts -> {
                    overdue.set(counts.overdue());
                    held.set(counts.held());
                })
                .replaceWithVoid();
    }
}
