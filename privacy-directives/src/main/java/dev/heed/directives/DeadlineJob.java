package dev.heed.directives;

import dev.heed.platform.leadership.LeaderJob;
import dev.heed.platform.leadership.Leadership;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Leader-only: marks pending tasks whose deadline has passed as overdue and settles their
 * directives ({@code PARTIALLY_COMPLETED}, naming the silent systems). Each directive settles in
 * its own transaction, under its row lock, so a concurrent acknowledgement either lands first
 * or finds the task overdue and is recorded as late.
 */
@ApplicationScoped
public class DeadlineJob extends LeaderJob<Integer> {

    public static final String NAME = "directive-deadlines";
    private static final int BATCH = 200;

    private final Settlement settlement;
    private final DirectiveMetrics metrics;
    private final Clock clock;

    DeadlineJob(Leadership leadership, Settlement settlement, DirectiveMetrics metrics, Clock clock) {
        super(NAME, leadership);
        this.settlement = settlement;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Scheduled(identity = "heed-" + NAME, every = "${heed.directives.deadlines.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().replaceWithVoid();
    }

    /** Yields the number of directives it settled. */
    @Override
    protected Uni<Integer> batch() {
        Instant now = clock.instant();
        return Panache.withSession(() -> Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                                "select distinct t.directiveId from DirectiveTaskRow t"
                                        + " where t.state = :pending and t.deadline <= :now", UUID.class)
                        .setParameter("pending", TaskState.PENDING)
                        .setParameter("now", now)
                        .setMaxResults(BATCH)
                        .getResultList())
                .chain(ids -> {
                    Uni<Integer> settled = Uni.createFrom().item(0);
                    for (UUID id : ids) {
                        settled = settled.chain(count -> expire(id, now).map(done -> done ? count + 1 : count));
                    }
                    return settled;
                }));
    }

    private Uni<Boolean> expire(UUID directiveId, Instant now) {
        List<String> overdue = new ArrayList<>();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> Settlement
                        .lockDirective(session, directiveId)
                        .chain(directive -> Settlement.tasksOf(session, directiveId).chain(tasks -> {
                            for (DirectiveTaskRow task : tasks) {
                                if (task.state() == TaskState.PENDING && !task.deadline().isAfter(now)) {
                                    task.markOverdue(now);
                                    overdue.add(task.systemId());
                                }
                            }
                            return settlement.settleIfDone(directive, tasks);
                        }))))
                .invoke(() -> overdue.forEach(metrics::overdue))
                .map(Optional::isPresent);
    }
}
