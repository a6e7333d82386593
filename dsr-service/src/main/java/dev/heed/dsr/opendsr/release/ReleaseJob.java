package dev.heed.dsr.opendsr.release;

import dev.heed.platform.leadership.LeaderJob;
import dev.heed.platform.leadership.Leadership;
import dev.heed.dsr.opendsr.OpenDsrRequest;
import dev.heed.dsr.opendsr.OpenDsrStatus;
import dev.heed.dsr.request.RequestFulfilment;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/**
 * Leader-only: an OpenDSR request whose cancellation window ended goes to the systems, through the
 * directive mechanism like any verified request. Its in_progress callbacks commit with that change.
 */
@ApplicationScoped
public class ReleaseJob extends LeaderJob<Integer> {

    public static final String NAME = "opendsr-release";
    private static final int BATCH = 100;

    private final RequestFulfilment requests;
    private final Clock clock;

    ReleaseJob(Leadership leadership, RequestFulfilment requests, Clock clock) {
        super(NAME, leadership);
        this.requests = requests;
        this.clock = clock;
    }

    @Scheduled(identity = "heed-" + NAME, every = "${heed.dsr.opendsr.release-every:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().replaceWithVoid();
    }

    /** Yields the number of requests sent on. */
    @Override
    protected Uni<Integer> batch() {
        return Panache.withSession(() -> OpenDsrRequest.<OpenDsrRequest>find(
                        "reportedStatus = ?1 and releaseAt <= ?2 order by releaseAt", OpenDsrStatus.PENDING.wire(),
                        clock.instant()).page(0, BATCH).list())
                // One transaction per request: one that fails does not hold back the others.
                .chain(due -> oneByOne(due, request -> requests.release(request.requestId).replaceWith(true),
                        request -> "sending request " + request.requestId + " to the systems"));
    }
}
