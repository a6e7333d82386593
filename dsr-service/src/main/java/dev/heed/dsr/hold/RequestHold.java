package dev.heed.dsr.hold;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** A legal hold an erasure request waits for, copied from the hold as it was when the erasure went out. */
@Entity
@Table(name = "request_hold")
public class RequestHold extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "request_id", nullable = false, updatable = false)
    public UUID requestId;

    @Column(name = "hold_id", nullable = false, updatable = false)
    public UUID holdId;

    @Column(nullable = false, updatable = false)
    public String matter;

    @Column(updatable = false)
    public String reason;

    @Column(name = "placed_at", nullable = false, updatable = false)
    public Instant placedAt;

    /** The holds each of these requests waits for, oldest first; a request without any is absent. */
    public static Uni<Map<UUID, List<HoldReference>>> heldBy(Collection<UUID> requestIds) {
        if (requestIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return RequestHold.<RequestHold>list("requestId in ?1", Sort.by("placedAt").and("matter"), requestIds)
                .map(holds -> holds.stream().collect(Collectors.groupingBy(hold -> hold.requestId,
                        Collectors.mapping(HoldReference::of, Collectors.toList()))));
    }

    /** "case-2026-114: pending litigation", or the matter alone. */
    String described() {
        return reason == null ? matter : matter + ": " + reason;
    }
}
