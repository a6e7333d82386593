package dev.heed.dsr.ratelimit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.heed.dsr.support.MovableTime;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.testkit.quarkus.HeedTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** Without Quarkus proxy forwarding (the default) a client cannot pick its address with X-Forwarded-For. */
@QuarkusTest
@TestProfile(MovableTime.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "dsr"))
class ForwardedAddressTest {

    @Inject
    SubjectKeys keys;
    @Inject
    Pool database;

    @Test
    void xForwardedForIsIgnoredUnlessProxyForwardingIsEnabled() {
        String claimed = "192.0.2." + ThreadLocalRandom.current().nextInt(1, 255);
        long counted = count("select coalesce(sum(request_count), 0) from public_rate_window"
                + " where route_group = 'download'");

        given().header("X-Forwarded-For", claimed).when().get("/public/v1/packages/" + "B".repeat(43))
                .then().statusCode(404);

        // Counted, under the connection's own address rather than the one the client claimed.
        assertThat(count("select coalesce(sum(request_count), 0) from public_rate_window"
                + " where route_group = 'download'"), is(counted + 1));
        assertThat(count("select count(*) from public_rate_window where client_key = $1",
                keys.keyOf(PublicRateLimits.DOMAIN + claimed)), is(0L));
    }

    private long count(String sql, Object... parameters) {
        return database.preparedQuery(sql).execute(Tuple.from(List.of(parameters)))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
    }
}
