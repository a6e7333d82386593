package dev.heed.dsr.hold;

import dev.heed.platform.leadership.LeaderJob;
import dev.heed.platform.leadership.Leadership;
import dev.heed.dsr.request.RequestFulfilment;
import dev.heed.events.dsr.RequestStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Leader-only: an erasure waiting {@code ON_HOLD} is issued again once every hold it waits for
 * has been released (tombstoned on {@code privacy.legal-holds.v1}). A hold placed meanwhile is
 * applied to the new directive, which then keeps only what that hold covers.
 */
@ApplicationScoped
public class HoldReleaseJob extends LeaderJob<Integer> {

    public static final String NAME = "legal-hold-release";

    private final LegalHoldView view;
    private final RequestFulfilment requests;

    HoldReleaseJob(Leadership leadership, LegalHoldView view, RequestFulfilment requests) {
        super(NAME, leadership);
        this.view = view;
        this.requests = requests;
    }

    @Scheduled(identity = "heed-" + NAME, every = "${heed.dsr.holds.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().replaceWithVoid();
    }

    /** Yields the number of requests issued again. */
    @Override
    protected Uni<Integer> batch() {
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
                .chain(released -> oneByOne(released, requestId -> requests.resume(requestId).replaceWith(true),
                        requestId -> "issuing the erasure of request " + requestId + " again"));
    }

    private static Map<UUID, List<RequestHold>> byRequest(List<RequestHold> holds) {
        return holds.stream().collect(Collectors.groupingBy(hold -> hold.requestId));
    }
}
