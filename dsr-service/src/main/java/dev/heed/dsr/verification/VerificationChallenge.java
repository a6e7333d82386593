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

/** The current one-time code of a request, as a keyed hash, and what has been tried against it. */
@Entity
@Table(name = "verification_challenge")
public class VerificationChallenge extends PanacheEntityBase {

    @Id
    @Column(name = "request_id")
    public UUID requestId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public VerificationChannel channel;

    @Column(name = "code_hash", nullable = false)
    public byte[] codeHash;

    @Column(name = "attempts_used", nullable = false)
    public int attemptsUsed;

    @Column(name = "max_attempts", nullable = false)
    public int maxAttempts;

    @Column(name = "codes_sent", nullable = false)
    public int codesSent;

    @Column(name = "issued_at", nullable = false)
    public Instant issuedAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "verified_at")
    public Instant verifiedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    static VerificationChallenge first(UUID requestId, Instant now) {
        VerificationChallenge challenge = new VerificationChallenge();
        challenge.requestId = requestId;
        challenge.createdAt = now;
        return challenge;
    }

    /** A new code replaces the old one, with a fresh count of guesses. */
    void issue(VerificationChannel channel, byte[] codeHash, int maxAttempts, Instant now, Instant expiresAt) {
        this.channel = channel;
        this.codeHash = codeHash;
        this.attemptsUsed = 0;
        this.maxAttempts = maxAttempts;
        this.codesSent++;
        this.issuedAt = now;
        this.expiresAt = expiresAt;
    }

    int attemptsLeft() {
        return maxAttempts - attemptsUsed;
    }
}
