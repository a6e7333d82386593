package dev.heed.retention.run;

import dev.heed.platform.leadership.LeaderJob;
import dev.heed.platform.leadership.Leadership;
import dev.heed.events.retention.RetentionAnchor;
import dev.heed.retention.policy.PolicyVersion;
import dev.heed.retention.policy.RetentionPolicies;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Leader-only, on {@code heed.retention.runs.cron}: starts the run of every policy's latest
 * version for the current window. A window that already has its run is left alone (the unique
 * constraint decides), so a restart or a second replica never purges twice.
 */
@ApplicationScoped
public class PurgeSchedule extends LeaderJob<Integer> {

    public static final String NAME = "purge-runs";
    static final String ACTOR = "retention-service";

    private final RetentionPolicies policies;
    private final PurgeRunStarter runs;

    PurgeSchedule(Leadership leadership, RetentionPolicies policies, PurgeRunStarter runs) {
        super(NAME, leadership);
        this.policies = policies;
        this.runs = runs;
    }

    @Scheduled(identity = "heed-" + NAME, cron = "${heed.retention.runs.cron}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().replaceWithVoid();
    }

    /** Yields the number of runs started. */
    @Override
    protected Uni<Integer> batch() {
        return Panache.withSession(policies::latestOfEach)
                // One transaction per policy: one that fails does not hold back the others.
                // A consent-withdrawal clock runs per subject: those policies are enforced by the
                // consent purges, not by category-wide runs that no system could date.
                .map(latest -> latest.stream().filter(policy -> policy.anchor != RetentionAnchor.CONSENT_WITHDRAWN)
                        .toList())
                .chain(latest -> oneByOne(latest, this::start, policy -> "the purge run of policy " + policy.policyId));
    }

    private Uni<Boolean> start(PolicyVersion policy) {
        return Panache.withTransaction(() -> runs.start(policy, RunTrigger.SCHEDULE, ACTOR))
                .map(PurgeRunStarter.Started::created);
    }
}
