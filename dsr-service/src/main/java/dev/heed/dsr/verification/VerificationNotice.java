package dev.heed.dsr.verification;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A code waiting for the mail or SMS sender: the only row that holds a code in clear. */
@Entity
@Table(name = "verification_notice")
public class VerificationNotice extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public VerificationChannel channel;

    @Column(nullable = false)
    public String destination;

    public String code;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    static VerificationNotice of(VerificationMessage message, Instant now) {
        VerificationNotice notice = new VerificationNotice();
        notice.id = UUID.randomUUID();
        notice.requestId = message.requestId();
        notice.channel = message.channel();
        notice.destination = message.destination();
        notice.code = message.code();
        notice.expiresAt = message.expiresAt();
        notice.createdAt = now;
        return notice;
    }
}
