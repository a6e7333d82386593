package dev.heed.dsr.request;

import static dev.heed.dsr.support.Requests.submit;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;

import dev.heed.platform.leadership.Leadership;
import dev.heed.directives.SystemRegistryView;
import dev.heed.dsr.support.MovableTime;
import dev.heed.testkit.quarkus.OnVertx;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.kafka.DownstreamSystem;
import dev.heed.testkit.quarkus.HeedTestResource;
import dev.heed.testkit.time.MutableClock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backlog gauges the "Data-subject requests" dashboard reads, as Prometheus scrapes them:
 * LGPD erasures (filed by no other test) counted open, due within 7 days once the clock nears
 * their deadline, and the answered one's receipt-to-close time.
 */
@QuarkusTest
@TestProfile(MovableTime.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "dsr"))
class RequestBacklogTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String LGPD_ERASURE = "regulation=\"LGPD\",type=\"ERASURE\"";

    @Inject
    MutableClock clock;
    @Inject
    SystemRegistryView registry;
    @Inject
    Leadership leadership;
    @Inject
    RequestBacklog backlog;

    @ConfigProperty(name = "heed.testkit.kafka.bootstrap-servers")
    String bootstrapServers;

    @BeforeEach
    void leaderAndRegistryReady() {
        await().atMost(WAIT).until(() -> leadership.isLeader() && registry.isReady());
    }

    @Test
    void openDueSoonAndCompletionTimeFollowTheRequests() {
        DownstreamSystem desk = DownstreamSystem.register(bootstrapServers, "backlog-desk", Set.of("support"),
                Set.of(DirectiveKind.ERASE));
        await().atMost(WAIT).until(() -> registry.system(desk.id()).isPresent());
        OnVertx.call(backlog::refresh);
        double openBefore = gauge("heed_dsr_requests_open", LGPD_ERASURE);
        double soonBefore = gauge("heed_dsr_requests_due_soon", LGPD_ERASURE);

        JsonPath answered = submit(lgpdErasure()).statusCode(201).extract().jsonPath();
        JsonPath waiting = submit(lgpdErasure()).statusCode(201).extract().jsonPath();
        OnVertx.call(backlog::refresh);
        assertThat(gauge("heed_dsr_requests_open", LGPD_ERASURE), is(openBefore + 2));
        assertThat(gauge("heed_dsr_requests_due_soon", LGPD_ERASURE), is(soonBefore));

        // Three days later every task of the first one is completed by hand: answered in three days.
        clock.advance(Duration.ofDays(3));
        for (String systemId : answered.getList("directive.tasks.systemId", String.class)) {
            given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR)).contentType(ContentType.JSON)
                    .body(Map.of("outcome", "NOT_APPLICABLE", "note", "nothing held"))
                    .when().post("/api/v1/requests/" + answered.getString("id") + "/tasks/" + systemId + "/completion")
                    .then().statusCode(200);
        }
        // Two days before the second one's deadline it is due soon; the answered one is neither.
        clock.set(Instant.parse(waiting.getString("dueAt")).minus(Duration.ofDays(2)));
        OnVertx.call(backlog::refresh);
        assertThat(gauge("heed_dsr_requests_open", LGPD_ERASURE), is(openBefore + 1));
        assertThat(gauge("heed_dsr_requests_due_soon", LGPD_ERASURE), is(soonBefore + 1));
        double threeDays = Duration.ofDays(3).toSeconds();
        for (String quantile : new String[] {"0.5", "0.9", "1"}) {
            assertThat(gauge("heed_dsr_requests_completion_seconds", "quantile=\"" + quantile + "\","
                    + LGPD_ERASURE), closeTo(threeDays, 60));
        }
        // Labels are the type and regulation only: no request id, subject key or system id.
        String scrape = scrape();
        assertThat(scrape.contains(answered.getString("id")) || scrape.contains(answered.getString("subjectKey")),
                is(false));
    }

    private static Map<String, Object> lgpdErasure() {
        return Map.of("type", "ERASURE", "regulation", "LGPD", "customerId", "customer-" + UUID.randomUUID(),
                "verificationNote", "ID card checked at the counter");
    }

    private static String scrape() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of the one series of {@code name} whose labels are exactly {@code labels}. */
    private static double gauge(String name, String labels) {
        Matcher series = Pattern.compile("(?m)^" + name + "\\{" + Pattern.quote(labels) + ",?} (\\S+)$")
                .matcher(scrape());
        assertThat(name + "{" + labels + "} is scraped", series.find(), is(true));
        return Double.parseDouble(series.group(1));
    }
}
