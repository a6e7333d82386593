package dev.heed.dsr.ratelimit;

import dev.heed.events.subject.SubjectKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Fixed-window counters in PostgreSQL, so every replica counts against the same limit: one upsert
 * per request adds one to the client's window and reads the total back. A client is known by an
 * HMAC of its address made with the installation's subject-key secret (domain-separated), never by
 * the address. Refusals are counted in {@code heed.dsr.public.rate-limited{route_group}}.
 */
@ApplicationScoped
public class PublicRateLimits {

    /** Keeps client keys apart from subject keys made with the same secret. */
    static final String DOMAIN = "public-client-address:";

    private final Pool database;
    private final SubjectKeys keys;
    private final RateLimitConfig config;
    private final Clock clock;
    private final Map<RouteGroup, Counter> refused = new EnumMap<>(RouteGroup.class);

    PublicRateLimits(Pool database, SubjectKeys keys, RateLimitConfig config, Clock clock, MeterRegistry registry) {
        this.database = database;
        this.keys = keys;
        this.config = config;
        this.clock = clock;
        for (RouteGroup group : RouteGroup.values()) {
            RateLimitConfig.Limit limit = config.of(group);
            if (limit.requests() < 1 || limit.window().toMillis() < 1000) {
                throw new IllegalStateException("heed.dsr.public.rate-limit." + group.id()
                        + " needs at least one request per window of at least a second");
            }
            refused.put(group, Counter.builder("heed.dsr.public.rate-limited")
                    .description("Requests to the open /public/v1 routes refused with 429")
                    .tag("route_group", group.id())
                    .register(registry));
        }
    }

    /** Counts one request; yields how long the client must wait when it is over the limit, else empty. */
    public Uni<Optional<Duration>> admit(RouteGroup group, String clientAddress) {
        if (!config.enabled()) {
            return Uni.createFrom().item(Optional.empty());
        }
        RateLimitConfig.Limit limit = config.of(group);
        Instant now = clock.instant();
        long windowMillis = limit.window().toMillis();
        Instant start = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), windowMillis) * windowMillis);
        Instant end = start.plusMillis(windowMillis);
        return database.preparedQuery("insert into public_rate_window"
                        + " (client_key, route_group, window_start, window_ends_at, request_count)"
                        + " values ($1, $2, $3, $4, 1) on conflict (client_key, route_group, window_start)"
                        + " do update set request_count = public_rate_window.request_count + 1"
                        + " returning request_count")
                .execute(Tuple.of(keys.keyOf(DOMAIN + clientAddress), group.id(),
                        start.atOffset(ZoneOffset.UTC), end.atOffset(ZoneOffset.UTC)))
                .map(rows -> {
                    if (rows.iterator().next().getInteger(0) <= limit.requests()) {
                        return Optional.<Duration>empty();
                    }
                    refused.get(group).increment();
                    return Optional.of(Duration.between(now, end));
                });
    }

    /** Deletes the counters of windows that have ended; yields how many. */
    Uni<Integer> deleteEnded() {
        return database.preparedQuery("delete from public_rate_window where window_ends_at <= $1")
                .execute(Tuple.of(clock.instant().atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }
}
