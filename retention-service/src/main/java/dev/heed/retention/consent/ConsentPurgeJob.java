package dev.heed.retention.consent;

import dev.heed.platform.leadership.LeaderJob;
import dev.heed.platform.leadership.Leadership;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Leader-only, every {@code heed.retention.consent-purges.every}: issues the subject-level purges
 * that are due, a bounded batch per run. Each is locked and marked issued with its directive, so a
 * restart or a new leader never issues one twice.
 */
@ApplicationScoped
public class ConsentPurgeJob extends LeaderJob<Integer> {

    public static final String NAME = "consent-purges";

    private final ConsentPurges purges;
    private final int batchSize;

    ConsentPurgeJob(Leadership leadership, ConsentPurges purges,
            @ConfigProperty(name = "heed.retention.consent-purges.batch-size", defaultValue = "200") int batchSize) {
        super(NAME, leadership);
        this.purges = purges;
        this.batchSize = batchSize;
    }

    @Scheduled(identity = "heed-" + NAME, every = "${heed.retention.consent-purges.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().replaceWithVoid();
    }

    /** Yields the number of purges issued. */
    @Override
    protected Uni<Integer> batch() {
        // One transaction per purge: one that fails (e.g. the registry still catching up) holds back no other.
        return purges.due(batchSize).chain(due -> oneByOne(due, purges::issue, purgeId -> "consent purge " + purgeId));
    }
}
