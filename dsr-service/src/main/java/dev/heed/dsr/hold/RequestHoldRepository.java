package dev.heed.dsr.hold;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** The queries on {@code request_hold}: the legal holds a held erasure waits for. */
@ApplicationScoped
public class RequestHoldRepository implements PanacheRepositoryBase<RequestHold, UUID> {

    /** The holds each of these requests waits for, oldest first; a request without any is absent. */
    public Uni<Map<UUID, List<HoldReference>>> heldBy(Collection<UUID> requestIds) {
        if (requestIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return list("requestId in ?1", Sort.by("placedAt").and("matter"), requestIds)
                .map(holds -> holds.stream().collect(Collectors.groupingBy(hold -> hold.requestId,
                        Collectors.mapping(HoldReference::of, Collectors.toList()))));
    }

    /** One request's holds, oldest first. */
    Uni<List<RequestHold>> of(UUID requestId) {
        return list("requestId", Sort.by("placedAt"), requestId);
    }

    /** The holds a request waits for now, in place of the ones an earlier issue waited for. */
    Uni<Void> replace(UUID requestId, List<RequestHold> holds) {
        Uni<Long> forgotten = delete("requestId", requestId);
        return holds.isEmpty() ? forgotten.replaceWithVoid() : forgotten.chain(() -> persist(holds));
    }
}
