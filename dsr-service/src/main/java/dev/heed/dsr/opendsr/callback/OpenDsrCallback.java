package dev.heed.dsr.opendsr.callback;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One callback to send: the exact body, signed when sent, for one status change and one URL. */
@Entity
@Table(name = "opendsr_callback")
public class OpenDsrCallback extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "subject_request_id", nullable = false, updatable = false)
    public UUID subjectRequestId;

    @Column(name = "controller_id", nullable = false, updatable = false)
    public String controllerId;

    @Column(nullable = false, updatable = false)
    public String url;

    @Column(name = "request_status", nullable = false, updatable = false)
    public String requestStatus;

    @Column(nullable = false, updatable = false)
    public byte[] body;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "last_error")
    public String lastError;
}
