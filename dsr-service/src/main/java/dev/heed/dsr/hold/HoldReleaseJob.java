package dev.heed.dsr.hold;

import dev.heed.platform.leadership.Leadership;
import dev.heed.dsr.request.RequestFulfilment;
import dev.heed.events.dsr.RequestStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Leader-only: an erasure waiting {@code ON_HOLD} is issued again once every hold it waits for
 * has been released (tombstoned on {@code privacy.legal-holds.v1}). A hold placed meanwhile is
 * applied to the new directive, which then keeps only what that hold covers.
 */
@ApplicationScoped
public class HoldReleaseJob {

    public static final String NAME = "legal-hold-release";
    private static final Logger LOG = Logger.getLogger(HoldReleaseJob.class);

    private final Leadership leadership;
    private final LegalHoldView view;
    private final RequestFulfilment requests;

    HoldReleaseJob(Leadership leadership, LegalHoldView view, RequestFulfilment requests) {
        this.leadership = leadership;
        this.view = view;
        this.requests = requests;
    }

    @Scheduled(identity = "heed-" + NAME, every = "${heed.dsr.holds.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().replaceWithVoid();
    }

    /** Runs once now (on the leader); yields the number of requests issued again. */
    public Uni<Optional<Integer>> run() {
        return leadership.runIfLeader(NAME, this::release);
    }

    private Uni<Integer> release() {
        // A view still catching up would take every hold for released.
        if (!view.isReady()) {
            return Uni.createFrom().item(0);
        }
        return Panache.withSession(() -> RequestHold.<RequestHold>list(
                        "requestId in (select r.id from SubjectRequest r where r.status = ?1)", RequestStatus.ON_HOLD))
                .map(HoldReleaseJob::byRequest)
                .map(waiting -> waiting.entrySet().stream()
                        .filter(request -> request.getValue().stream().noneMatch(hold -> view.isActive(hold.holdId)))
                        .map(Map.Entry::getKey)
                        .toList())
                // One transaction per request: one that fails does not hold back the others.
                .chain(released -> Multi.createFrom().iterable(released)
                        .onItem().transformToUniAndConcatenate(this::resume)
                        .collect().with(Collectors.summingInt(resumed -> resumed ? 1 : 0)));
    }

    private Uni<Boolean> resume(UUID requestId) {
        return requests.resume(requestId).replaceWith(true)
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("request %s: could not issue the erasure again, next run retries: %s", requestId,
                            failure.toString());
                    return false;
                });
    }

    private static Map<UUID, List<RequestHold>> byRequest(List<RequestHold> holds) {
        return holds.stream().collect(Collectors.groupingBy(hold -> hold.requestId));
    }
}
