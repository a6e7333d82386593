package dev.heed.dsr.ratelimit;

import dev.heed.platform.leadership.Leadership;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Leader-only: deletes the counters of ended rate-limit windows. */
@ApplicationScoped
public class RateWindowCleanupJob {

    public static final String NAME = "public-rate-window-cleanup";

    private final Leadership leadership;
    private final PublicRateLimits limits;

    RateWindowCleanupJob(Leadership leadership, PublicRateLimits limits) {
        this.leadership = leadership;
        this.limits = limits;
    }

    @Scheduled(identity = "heed-" + NAME, every = "${heed.dsr.public.rate-limit.cleanup-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().replaceWithVoid();
    }

    /** Runs once now (on the leader); yields the number of windows it deleted. */
    public Uni<Optional<Integer>> run() {
        return leadership.runIfLeader(NAME, limits::deleteEnded);
    }
}
