package dev.heed.dsr.export;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A request's assembled package, encrypted, until it expires; see {@link ExportPackages}. */
@Entity
@Table(name = "export_package")
public class ExportPackage extends PanacheEntityBase {

    @Id
    @Column(name = "request_id")
    public UUID requestId;

    @Column(name = "directive_id", nullable = false)
    public UUID directiveId;

    @Column(name = "size_bytes", nullable = false)
    public long sizeBytes;

    @Column(nullable = false)
    public String sha256;

    @Column(nullable = false)
    public byte[] nonce;

    @Column(nullable = false)
    public byte[] ciphertext;

    @Column(name = "generated_at", nullable = false)
    public Instant generatedAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    /** SHA-256 of the one-time link's token: the token itself is never stored. */
    @Column(name = "link_token_hash", nullable = false)
    public byte[] linkTokenHash;

    @Column(name = "link_used_at")
    public Instant linkUsedAt;

    boolean isExpired(Instant now) {
        return !expiresAt.isAfter(now);
    }

    static String associatedData(UUID requestId) {
        return "export-package/" + requestId;
    }
}
