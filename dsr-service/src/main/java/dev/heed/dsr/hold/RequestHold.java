package dev.heed.dsr.hold;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

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

    /** "case-2026-114: pending litigation", or the matter alone. */
    String described() {
        return reason == null ? matter : matter + ": " + reason;
    }
}
