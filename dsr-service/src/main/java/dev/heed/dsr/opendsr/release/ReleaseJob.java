package dev.heed.dsr.opendsr.release;

import dev.heed.platform.leadership.Leadership;
import dev.heed.dsr.opendsr.OpenDsrRequest;
import dev.heed.dsr.opendsr.OpenDsrStatus;
import dev.heed.dsr.request.RequestFulfilment;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Leader-only: an OpenDSR request whose cancellation window ended goes to the systems, through the
 * directive mechanism like any verified request. Its in_progress callbacks commit with that change.
 */
@ApplicationScoped
public class ReleaseJob {

    public static final String NAME = "opendsr-release";
    private static final Logger LOG = Logger.getLogger(ReleaseJob.class);
    private static final int BATCH = 100;

    private final Leadership leadership;
    private final RequestFulfilment requests;
    private final Clock clock;

    ReleaseJob(Leadership leadership, RequestFulfilment requests, Clock clock) {
        this.leadership = leadership;
        this.requests = requests;
        this.clock = clock;
    }

    @Scheduled(identity = "heed-" + NAME, every = "${heed.dsr.opendsr.release-every:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().replaceWithVoid();
    }

    /** Runs once now (on the leader); yields the number of requests sent on. */
    public Uni<Optional<Integer>> run() {
        return leadership.runIfLeader(NAME, this::release);
    }

    private Uni<Integer> release() {
        return Panache.withSession(() -> OpenDsrRequest.<OpenDsrRequest>find(
                        "reportedStatus = ?1 and releaseAt <= ?2 order by releaseAt", OpenDsrStatus.PENDING.wire(),
                        clock.instant()).page(0, BATCH).list())
                // One transaction per request: one that fails does not hold back the others.
                .chain(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(request -> release(request.requestId))
                        .collect().with(Collectors.summingInt(released -> released ? 1 : 0)));
    }

    private Uni<Boolean> release(UUID requestId) {
        return requests.release(requestId).replaceWith(true)
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("request %s: could not send it to the systems, next run retries: %s", requestId,
                            failure.toString());
                    return false;
                });
    }
}
