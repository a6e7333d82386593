package dev.heed.dsr.ratelimit;

import dev.heed.platform.web.Problem;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a {@link RateLimited} route's request over its client's limit with 429 problem+json and
 * {@code Retry-After}, before the resource runs (so nothing is written). The client address is the
 * connection's peer; Quarkus replaces it with the {@code X-Forwarded-For}/{@code Forwarded} one only
 * when proxy forwarding is enabled ({@code quarkus.http.proxy.*}), so a client cannot choose its own
 * address otherwise.
 */
public class RateLimitFilter {

    private final PublicRateLimits limits;

    RateLimitFilter(PublicRateLimits limits) {
        this.limits = limits;
    }

    @ServerRequestFilter
    public Uni<Response> limit(ResourceInfo resource, HttpServerRequest request) {
        RateLimited limited = resource.getResourceMethod() == null ? null
                : resource.getResourceMethod().getAnnotation(RateLimited.class);
        if (limited == null) {
            return Uni.createFrom().nullItem();
        }
        SocketAddress peer = request.remoteAddress();
        String address = peer == null || peer.hostAddress() == null ? "unknown" : peer.hostAddress();
        return limits.admit(limited.value(), address)
                .map(wait -> wait.map(RateLimitFilter::tooMany).orElse(null));
    }

    private static Response tooMany(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        Problem problem = Problem.of("rate-limited", "Too many requests", 429,
                "too many requests from this address; try again in " + seconds + " seconds").occurrence();
        return Response.status(429).type(Problem.PROBLEM_JSON).entity(problem)
                .header(HttpHeaders.RETRY_AFTER, seconds).build();
    }
}
