package dev.heed.dsr.notice;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One message to a requester, its destination and content sealed until it is sent. */
@Entity
@Table(name = "customer_notice")
public class CustomerNotice extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public NoticeKind kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public NoticeChannel channel;

    @Column(nullable = false)
    public String language;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public NoticeState state;

    public byte[] nonce;

    /** The destination and content, AES-256-GCM; null once sent or expired. */
    public byte[] sealed;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "claimed_at")
    public Instant claimedAt;

    /** The kind of the last failure (an exception class), never a message that could hold the address. */
    @Column(name = "last_error")
    public String lastError;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    static String associatedData(UUID id) {
        return "customer_notice:" + id;
    }

    void forget() {
        nonce = null;
        sealed = null;
    }
}
