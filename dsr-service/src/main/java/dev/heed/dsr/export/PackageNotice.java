package dev.heed.dsr.export;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A one-time link waiting for the mail sender: the only row that holds a link in clear. */
@Entity
@Table(name = "package_notice")
public class PackageNotice extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    /** The requester's e-mail address, when the request carried one; otherwise an operator hands the link over. */
    public String destination;

    public String link;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    static PackageNotice of(PackageLink link, Instant now) {
        PackageNotice notice = new PackageNotice();
        notice.id = UUID.randomUUID();
        notice.requestId = link.requestId();
        notice.destination = link.destination();
        notice.link = link.url();
        notice.expiresAt = link.expiresAt();
        notice.createdAt = now;
        return notice;
    }
}
