package dev.heed.directives;

import dev.heed.directives.DirectivesConfig.RetentionSettings;
import dev.heed.platform.leadership.Leadership;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Leader-only: applies the library's own retention rules (documented on each table): processed
 * acknowledgement ids, and settled directives with their tasks.
 */
@ApplicationScoped
class RecordRetentionJob {

    public static final String NAME = "directive-record-retention";

    private final Leadership leadership;
    private final Clock clock;
    private final RetentionSettings retention;

    RecordRetentionJob(Leadership leadership, Clock clock, DirectivesConfig config) {
        this.leadership = leadership;
        this.clock = clock;
        this.retention = config.retention();
    }

    @Scheduled(identity = "heed-" + NAME, every = "${heed.directives.retention.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().replaceWithVoid();
    }

    /** Runs once now (on the leader); yields the number of rows deleted. */
    public Uni<Optional<Integer>> run() {
        return leadership.runIfLeader(NAME, this::purge);
    }

    private Uni<Integer> purge() {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeMutationQuery("delete from heed_directives.ack_inbox where received_at < ?1")
                .setParameter(1, now.minus(retention.ackInbox()))
                .executeUpdate()
                .chain(deleted -> session
                        .createNativeMutationQuery("delete from heed_directives.directive where settled_at < ?1")
                        .setParameter(1, now.minus(retention.settledDirectives()))
                        .executeUpdate()
                        .map(directives -> deleted + directives))));
    }
}
