package dev.heed.directives;

import dev.heed.platform.leadership.Leadership;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Refreshes the outstanding-task gauges from the database on the leader; followers report none. */
@ApplicationScoped
class OutstandingTasksJob {

    private final Leadership leadership;
    private final DirectiveMetrics metrics;

    OutstandingTasksJob(Leadership leadership, DirectiveMetrics metrics) {
        this.leadership = leadership;
        this.metrics = metrics;
    }

    @Scheduled(identity = "heed-directive-outstanding-tasks", every = "${heed.directives.metrics.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return refresh();
    }

    public Uni<Void> refresh() {
        if (!leadership.isLeader()) {
            metrics.outstanding(Map.of());
            return Uni.createFrom().voidItem();
        }
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                        .createSelectionQuery("select t.systemId, count(t) from DirectiveTaskRow t"
                                + " where t.state = dev.heed.directives.TaskState.PENDING group by t.systemId",
                                Object[].class)
                        .getResultList()))
                .invoke(rows -> metrics.outstanding(bySystem(rows)))
                .replaceWithVoid();
    }

    private static Map<String, Long> bySystem(List<Object[]> rows) {
        Map<String, Long> pending = new LinkedHashMap<>();
        for (Object[] row : rows) {
            pending.put((String) row[0], ((Number) row[1]).longValue());
        }
        return pending;
    }
}
