package dev.heed.dsr.verification;

import java.time.Instant;
import java.util.UUID;

/**
 * How a request's identity was established.
 *
 * @param channel  where the code went ({@link Method#CODE}), else {@code null}
 * @param operator who vouched, and {@code reason} why ({@link Method#OPERATOR_WAIVER}), else {@code null}
 */
public record VerificationProof(UUID requestId, Method method, Instant at, VerificationChannel channel,
        String operator, String reason) {

    public enum Method {
        /** The requester presented the one-time code. */
        CODE,
        /** An authenticated operator acted for a customer they had verified. */
        OPERATOR_WAIVER
    }
}
