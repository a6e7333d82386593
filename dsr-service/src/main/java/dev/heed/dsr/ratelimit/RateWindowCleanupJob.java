package dev.heed.dsr.ratelimit;

import dev.heed.platform.leadership.LeaderJob;
import dev.heed.platform.leadership.Leadership;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Leader-only: deletes the counters of ended rate-limit windows. */
@ApplicationScoped
public class RateWindowCleanupJob extends LeaderJob<Integer> {

    public static final String NAME = "public-rate-window-cleanup";

    private final PublicRateLimits limits;

    RateWindowCleanupJob(Leadership leadership, PublicRateLimits limits) {
        super(NAME, leadership);
        this.limits = limits;
    }

    @Scheduled(identity = "heed-" + NAME, every = "${heed.dsr.public.rate-limit.cleanup-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().replaceWithVoid();
    }

    /** Yields the number of windows it deleted. */
    @Override
    protected Uni<Integer> batch() {
        return limits.deleteEnded();
    }
}
