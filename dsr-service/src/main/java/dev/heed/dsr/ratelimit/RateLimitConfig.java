package dev.heed.dsr.ratelimit;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** {@code heed.dsr.public.rate-limit.*}: how many requests one client address may make per window. */
@ConfigMapping(prefix = "heed.dsr.public.rate-limit")
public interface RateLimitConfig {

    /** {@code false} leaves the open routes unlimited (e.g. when a gateway in front limits them). */
    boolean enabled();

    Limit submission();

    Limit verification();

    Limit download();

    /** Schedule of the leader's job that deletes ended windows ({@code off} disables it). */
    String cleanupEvery();

    default Limit of(RouteGroup group) {
        return switch (group) {
            case SUBMISSION -> submission();
            case VERIFICATION -> verification();
            case DOWNLOAD -> download();
        };
    }

    interface Limit {

        /** Requests admitted per window; the next one gets 429. */
        int requests();

        /** The fixed window's length, counted from the epoch so that every replica agrees. */
        Duration window();
    }
}
