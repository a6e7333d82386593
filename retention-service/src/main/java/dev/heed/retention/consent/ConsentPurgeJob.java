package dev.heed.retention.consent;

import dev.heed.platform.leadership.Leadership;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Leader-only, every {@code heed.retention.consent-purges.every}: issues the subject-level purges
 * that are due, a bounded batch per run. Each is locked and marked issued with its directive, so a
 * restart or a new leader never issues one twice.
 */
@ApplicationScoped
public class ConsentPurgeJob {

    public static final String NAME = "consent-purges";
    private static final Logger LOG = Logger.getLogger(ConsentPurgeJob.class);

    private final Leadership leadership;
    private final ConsentPurges purges;
    private final int batchSize;

    ConsentPurgeJob(Leadership leadership, ConsentPurges purges,
            @ConfigProperty(name = "heed.retention.consent-purges.batch-size", defaultValue = "200") int batchSize) {
        this.leadership = leadership;
        this.purges = purges;
        this.batchSize = batchSize;
    }

    @Scheduled(identity = "heed-" + NAME, every = "${heed.retention.consent-purges.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().replaceWithVoid();
    }

    /** Runs once now (on the leader); yields the number of purges issued. */
    public Uni<Optional<Integer>> run() {
        return leadership.runIfLeader(NAME, this::issueDue);
    }

    private Uni<Integer> issueDue() {
        return purges.due(batchSize).chain(due -> Multi.createFrom().iterable(due)
                // One transaction per purge: one that fails (e.g. the registry still catching up) holds back no other.
                .onItem().transformToUniAndConcatenate(this::issue)
                .collect().with(Collectors.summingInt(issued -> issued ? 1 : 0)));
    }

    private Uni<Boolean> issue(UUID purgeId) {
        return purges.issue(purgeId).onFailure().recoverWithItem(failure -> {
            LOG.warnf("consent purge %s not issued, the next run retries: %s", purgeId, failure.toString());
            return false;
        });
    }
}
