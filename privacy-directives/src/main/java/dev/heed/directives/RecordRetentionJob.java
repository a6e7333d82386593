package dev.heed.directives;

import dev.heed.directives.DirectivesConfig.RetentionSettings;
import dev.heed.platform.leadership.LeaderJob;
import dev.heed.platform.leadership.Leadership;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/**
 * Leader-only: applies the library's own retention rules (documented on each table): processed
 * acknowledgement ids, and settled directives with their tasks.
 */
@ApplicationScoped
class RecordRetentionJob extends LeaderJob<Integer> {

    public static final String NAME = "directive-record-retention";

    private final Clock clock;
    private final RetentionSettings retention;

    RecordRetentionJob(Leadership leadership, Clock clock, DirectivesConfig config) {
        super(NAME, leadership);
        this.clock = clock;
        this.retention = config.retention();
    }

    @Scheduled(identity = "heed-" + NAME, every = "${heed.directives.retention.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().replaceWithVoid();
    }

    /** Yields the number of rows deleted. */
    @Override
    protected Uni<Integer> batch() {
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
