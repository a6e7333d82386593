package dev.heed.dsr.verification;

import java.time.Instant;
import java.util.UUID;

/** A code was sent: what the requester may be told (never the code). */
public record ChallengeIssued(UUID requestId, VerificationChannel channel, Instant expiresAt, int attemptsAllowed) {
}
