package dev.heed.dsr.request;

import dev.heed.platform.store.ConcurrentChange;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * One lifecycle step on a stored request: in a transaction of its own, retried when another
 * transaction changed the request first (its version), answered with the request as it is after.
 */
@ApplicationScoped
class RequestChanges {

    private final SubjectRequestRepository requests;
    private final RequestListing listing;

    RequestChanges(SubjectRequestRepository requests, RequestListing listing) {
        this.requests = requests;
        this.listing = listing;
    }

    /** Empty when there is no such request. */
    Uni<Optional<RequestResponse>> change(UUID id, Function<SubjectRequest, Uni<Void>> change) {
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> requests.findById(id)
                        .chain(request -> request == null ? Uni.createFrom().item(Optional.<RequestResponse>empty())
                                : change.apply(request).chain(() -> listing.response(request)).map(Optional::of))))
                .onFailure(ConcurrentChange::detected).retry().atMost(ConcurrentChange.RETRIES);
    }
}
