package dev.heed.dsr.verification;

import java.time.Instant;
import java.util.UUID;

/**
 * A code to send, and where: what a {@link VerificationNotifier} receives. It carries the code in
 * clear and the requester's address, so it never prints them.
 */
public record VerificationMessage(UUID requestId, VerificationChannel channel, String destination, String code,
        Instant expiresAt) {

    @Override
    public String toString() {
        return "VerificationMessage[requestId=" + requestId + ", channel=" + channel + ", expiresAt=" + expiresAt + "]";
    }
}
