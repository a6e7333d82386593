package dev.heed.dsr.ratelimit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;

import dev.heed.platform.leadership.Leadership;
import dev.heed.dsr.support.MovableTime;
import dev.heed.testkit.quarkus.OnVertx;
import dev.heed.testkit.quarkus.HeedTestResource;
import dev.heed.testkit.time.MutableClock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The open routes' limit per client address, counted in the real database: behind a trusted proxy
 * (here the test itself) the address comes from {@code X-Forwarded-For}. The request over the limit
 * gets 429 with Retry-After and writes nothing; another address and another route group are not
 * affected; the next window (the clock moved) admits the address again.
 */
@QuarkusTest
@TestProfile(PublicRateLimitTest.SmallLimits.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "dsr"))
class PublicRateLimitTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Three submissions and two downloads per hour, addresses from X-Forwarded-For of a local proxy. */
    public static class SmallLimits implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(new MovableTime().getConfigOverrides());
            config.put("heed.dsr.public.rate-limit.submission.requests", "3");
            config.put("heed.dsr.public.rate-limit.submission.window", "PT1H");
            config.put("heed.dsr.public.rate-limit.download.requests", "2");
            config.put("heed.dsr.public.rate-limit.download.window", "PT1H");
            config.put("heed.dsr.public.rate-limit.cleanup-every", "off");
            config.put("quarkus.http.proxy.proxy-address-forwarding", "true");
            config.put("quarkus.http.proxy.allow-x-forwarded", "true");
            config.put("quarkus.http.proxy.trusted-proxies", "127.0.0.0/8,::1/128");
            return config;
        }
    }

    @Inject
    MutableClock clock;
    @Inject
    Pool database;
    @Inject
    Leadership leadership;
    @Inject
    RateWindowCleanupJob cleanup;

    @BeforeEach
    void leader() {
        await().atMost(WAIT).until(leadership::isLeader);
    }

    @Test
    void theSubmissionOverTheLimitIsRefusedUntilTheNextWindowAndWritesNothing() {
        // Five seconds into a window, so that the test does not straddle two.
        Instant windowStart = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        clock.set(windowStart.plusSeconds(5));
        String address = "203.0.113." + ThreadLocalRandom.current().nextInt(1, 255);
        String neighbour = "198.51.100." + ThreadLocalRandom.current().nextInt(1, 255);

        for (int i = 0; i < 3; i++) {
            submit(address).statusCode(202);
        }
        long requests = count("select count(*) from subject_request");
        long notices = count("select count(*) from verification_notice");
        submit(address).statusCode(429)
                .contentType(containsString("application/problem+json"))
                .header("Retry-After", is("3595"))
                .body("status", is(429));
        assertThat(count("select count(*) from subject_request"), is(requests));
        assertThat(count("select count(*) from verification_notice"), is(notices));

        // Another address, and another route group of the same address, have their own counts.
        submit(neighbour).statusCode(202);
        download(address).statusCode(404);
        download(address).statusCode(404);
        download(address).statusCode(429).header("Retry-After", is("3595"));

        // The address is known only by its HMAC.
        assertThat(count("select count(*) from public_rate_window where client_key like $1", "%203.0.113%"), is(0L));
        assertThat(count("select count(*) from public_rate_window where window_start = $1",
                windowStart.atOffset(ZoneOffset.UTC)), is(3L));
        given().when().get("/q/metrics").then().statusCode(200).body(matchesPattern(
                "(?s).*\\nheed_dsr_public_rate_limited_total\\{route_group=\"submission\"} [1-9][0-9]*\\.0\\n.*"));

        // The next window admits the address again; the leader deletes the ended window's counters.
        clock.advance(Duration.ofHours(1));
        submit(address).statusCode(202);
        assertThat(OnVertx.call(cleanup::run).orElseThrow() >= 3, is(true));
        assertThat(count("select count(*) from public_rate_window where window_start = $1",
                windowStart.atOffset(ZoneOffset.UTC)), is(0L));
        assertThat(count("select count(*) from public_rate_window where window_start = $1",
                windowStart.plus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC)), is(1L));
    }

    private static ValidatableResponse submit(String address) {
        return given().header("X-Forwarded-For", address).contentType(ContentType.JSON)
                .body(Map.of("type", "ACCESS", "regulation", "GDPR", "email", "ada." + UUID.randomUUID() + "@example.com"))
                .when().post("/public/v1/requests").then();
    }

    private static ValidatableResponse download(String address) {
        return given().header("X-Forwarded-For", address)
                .when().get("/public/v1/packages/" + "A".repeat(43)).then();
    }

    private long count(String sql, Object... parameters) {
        return database.preparedQuery(sql).execute(Tuple.from(List.of(parameters)))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }
}
