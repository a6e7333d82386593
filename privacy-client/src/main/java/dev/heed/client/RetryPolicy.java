package dev.heed.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How often a throwing handler is tried before the directive is dead-lettered and answered
 * {@code FAILED}: {@code attempts} in all, waiting {@code baseDelay}, then twice as long each
 * time, at most {@code maxDelay}. Keep the sum of the waits plus the handler's time well below the
 * consumer's {@code max.poll.interval.ms} (5 minutes by default), or the group rebalances meanwhile.
 */
public record RetryPolicy(int attempts, Duration baseDelay, Duration maxDelay) {

    /** 5 attempts, 1 s, 2 s, 4 s, 8 s apart. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(30));

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (baseDelay.isNegative() || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= baseDelay <= maxDelay");
        }
    }

    /** The wait after failed attempt {@code attempt} (1-based). */
    public Duration delayAfter(int attempt) {
        Duration delay = baseDelay;
        for (int i = 1; i < attempt && delay.compareTo(maxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
