package dev.heed.platform.outbox;

import dev.heed.platform.PlatformConfig;
import dev.heed.platform.leadership.LeaderJob;
import dev.heed.platform.leadership.Leadership;
import dev.heed.platform.schema.PlatformSchema;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;

/** Leader-only: deletes outbox rows the broker acknowledged longer ago than their retention (they may hold identities). */
@ApplicationScoped
public class OutboxRetentionJob extends LeaderJob<Integer> {

    public static final String NAME = "outbox-retention";

    private final Clock clock;
    private final Duration sentRows;

    OutboxRetentionJob(Leadership leadership, Clock clock, PlatformConfig config) {
        super(NAME, leadership);
        this.clock = clock;
        this.sentRows = config.outboxRetention().sentRows();
    }

    @Scheduled(identity = "heed-" + NAME, every = "${heed.platform.outbox-retention.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().replaceWithVoid();
    }

    /** Yields the number of rows deleted. */
    @Override
    protected Uni<Integer> batch() {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session
                        .createNativeMutationQuery("delete from " + PlatformSchema.SCHEMA + ".outbox where sent_at < ?1")
                        .setParameter(1, clock.instant().minus(sentRows))
                        .executeUpdate()));
    }
}
