package dev.heed.dsr.verification;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An operator's word that they verified the customer themselves. */
@Entity
@Table(name = "verification_waiver")
public class VerificationWaiver extends PanacheEntityBase {

    @Id
    @Column(name = "request_id")
    public UUID requestId;

    @Column(nullable = false)
    public String operator;

    @Column(nullable = false)
    public String reason;

    @Column(name = "waived_at", nullable = false)
    public Instant waivedAt;
}
