package dev.heed.systemtests;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.heed.events.subject.SubjectKeys;
import dev.heed.testkit.HeedInfra;
import dev.heed.testkit.InfraProcess;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.stack.HeedService;
import dev.heed.testkit.stack.HeedStack;
import dev.heed.testkit.stack.ServiceProcess;
import dev.heed.testkit.subject.SubjectKeySecret;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two consent-service replicas on one database and one broker, as production runs them: a
 * withdrawal through one replica is seen by the other at once with its version token, and
 * without the token after the lag this test measures; after a replica is killed and restarted,
 * both replicas' checks agree with the ledger.
 */
class ConsentReplicasTest {

    private static final int LAG_SAMPLES = 100;
    private static final String SYSTEM = TestTokens.SYSTEM;
    private static final String AGENT = TestTokens.SUPPORT_AGENT;

    private static HeedStack stack;
    private static SubjectKeys subjectKeys;
    private static Path root;

    @BeforeAll
    static void startTwoReplicas() {
        root = Path.of(System.getProperty("heed.project.root", "..")).toAbsolutePath().normalize();
        HeedService consent = HeedService.ALL.get(0);
        List<HeedService> replicas = List.of(consent.onPort(InfraProcess.freePort()),
                consent.onPort(InfraProcess.freePort()));
        String secret = SubjectKeySecret.perJvm();
        stack = HeedStack.start(root, HeedInfra.get(), TestTokens.issuer(), secret,
                root.resolve("system-tests/target/replicas"), replicas, true, Duration.ofMinutes(3));
        subjectKeys = new SubjectKeys(SubjectKeySecret.VERSION, Base64.getDecoder().decode(secret));
    }

    @AfterAll
    static void stopReplicas() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aWithdrawalThroughOneReplicaIsDeniedByTheOtherAtOnceWithItsTokenAndSoonWithout() throws IOException {
        ServiceProcess writer = stack.replicas("consent-service").get(0);
        ServiceProcess reader = stack.replicas("consent-service").get(1);
        String purposeId = newPurpose(writer);
        List<Long> lagsMicros = new ArrayList<>();

        for (int i = 0; i < LAG_SAMPLES; i++) {
            String withToken = "customer-" + UUID.randomUUID();
            String withoutToken = "customer-" + UUID.randomUUID();
            for (String customerId : List.of(withToken, withoutToken)) {
                long granted = record(writer, customerId, purposeId, "GRANTED");
                assertThat(check(reader, customerId, purposeId, granted).getBoolean("allowed"), is(true));
                // Once the reader holds the grant in its cache, only the state topic can change its mind.
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        check(reader, customerId, purposeId, null).getString("answeredFrom").equals("CACHE"));
            }

            long withdrawn = record(writer, withToken, purposeId, "WITHDRAWN");
            JsonPath answer = check(reader, withToken, purposeId, withdrawn);
            assertThat("the token's write, on the other replica, at once", answer.getBoolean("allowed"), is(false));
            assertThat(answer.getLong("version"), is(withdrawn));

            record(writer, withoutToken, purposeId, "WITHDRAWN");
            long committed = System.nanoTime();
            AtomicLong deniedAt = new AtomicLong();
            await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                    .until(() -> {
                        boolean denied = !check(reader, withoutToken, purposeId, null).getBoolean("allowed");
                        if (denied) {
                            deniedAt.set(System.nanoTime());
                        }
                        return denied;
                    });
            lagsMicros.add((deniedAt.get() - committed) / 1_000);
        }

        Collections.sort(lagsMicros);
        String report = "consent replica lag without a version token, %d withdrawals: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n"
                .formatted(lagsMicros.size(), percentile(lagsMicros, 50), percentile(lagsMicros, 99),
                        lagsMicros.get(lagsMicros.size() - 1) / 1000.0);
        System.out.print(report);
        Files.writeString(root.resolve("system-tests/target/consent-replica-lag.txt"), report);
    }

    @Test
    void afterAReplicaIsKilledAndRestartedEveryCheckAgreesWithTheLedger() throws SQLException {
        ServiceProcess first = stack.replicas("consent-service").get(0);
        ServiceProcess second = stack.replicas("consent-service").get(1);
        List<String> purposes = List.of(newPurpose(first), newPurpose(first));
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            customers.add("customer-" + UUID.randomUUID());
        }
        Random random = new Random(20261124);
        String[] decisions = {"GRANTED", "WITHDRAWN", "DENIED"};

        // Half the population through the first replica, with both replicas' caches warm.
        writeDecisions(first, customers.subList(0, 30), purposes, random, decisions);
        batchCheck(first, customers, purposes);
        batchCheck(second, customers, purposes);

        // A crash: no shutdown hook, whatever the first replica had not published is still in its outbox.
        first.kill();
        writeDecisions(second, customers.subList(30, 60), purposes, random, decisions);
        writeDecisions(second, customers.subList(0, 10), purposes, random, decisions);
        ServiceProcess restarted = stack.restart(first, Duration.ofMinutes(2));
        writeDecisions(restarted, customers.subList(10, 20), purposes, random, decisions);

        Map<String, String> ledger = latestDecisions(customers, purposes);
        assertThat(ledger.size(), is(customers.size() * purposes.size()));
        for (ServiceProcess replica : List.of(restarted, second)) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    assertThat(replica.baseUrl(), batchCheck(replica, customers, purposes), is(ledger)));
        }
    }

    private static void writeDecisions(ServiceProcess replica, List<String> customers, List<String> purposes,
            Random random, String[] decisions) {
        for (String customerId : customers) {
            for (String purposeId : purposes) {
                for (int n = 1 + random.nextInt(3); n > 0; n--) {
                    record(replica, customerId, purposeId, decisions[random.nextInt(decisions.length)]);
                }
            }
        }
    }

    /** What the replica answers, as "subject key/purpose" to status, for every pair. */
    private static Map<String, String> batchCheck(ServiceProcess replica, List<String> customers,
            List<String> purposes) {
        List<Map<String, String>> checks = new ArrayList<>();
        for (String customerId : customers) {
            for (String purposeId : purposes) {
                checks.add(Map.of("customerId", customerId, "purposeId", purposeId));
            }
        }
        JsonPath answers = given().baseUri(replica.baseUrl()).auth().oauth2(TestTokens.forRole(SYSTEM))
                .contentType(ContentType.JSON).body(Map.of("checks", checks))
                .when().post("/api/v1/consent-checks")
                .then().statusCode(200).extract().jsonPath();
        Map<String, String> statuses = new HashMap<>();
        List<Map<String, Object>> results = answers.getList("results");
        for (Map<String, Object> result : results) {
            statuses.put(result.get("subjectKey") + "/" + result.get("purposeId"), (String) result.get("status"));
        }
        return statuses;
    }

    /** The latest decision per subject and purpose, read from the ledger table itself. */
    private static Map<String, String> latestDecisions(List<String> customers, List<String> purposes)
            throws SQLException {
        HeedInfra infra = HeedInfra.get();
        Map<String, String> latest = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(infra.jdbcUrl("heed_consent"), infra.username(),
                infra.password());
                PreparedStatement query = connection.prepareStatement("""
                        select distinct on (subject_key, purpose_id) subject_key, purpose_id, decision
                        from consent_decision where subject_key = any (?) and purpose_id = any (?)
                        order by subject_key, purpose_id, sequence desc""")) {
            Array keys = connection.createArrayOf("text",
                    customers.stream().map(subjectKeys::keyOf).toArray(String[]::new));
            query.setArray(1, keys);
            query.setArray(2, connection.createArrayOf("text", purposes.toArray(String[]::new)));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    latest.put(rows.getString(1) + "/" + rows.getString(2), rows.getString(3));
                }
            }
        }
        return latest;
    }

    private static long record(ServiceProcess replica, String customerId, String purposeId, String decision) {
        return given().baseUri(replica.baseUrl()).auth().oauth2(TestTokens.forRole(AGENT))
                .contentType(ContentType.JSON)
                .body(Map.of("customerId", customerId, "purposeId", purposeId, "decision", decision,
                        "channel", "WEB"))
                .when().post("/api/v1/consents")
                .then().statusCode(201)
                .extract().jsonPath().getLong("version");
    }

    private static JsonPath check(ServiceProcess replica, String customerId, String purposeId, Long version) {
        var request = given().baseUri(replica.baseUrl()).auth().oauth2(TestTokens.forRole(SYSTEM));
        if (version != null) {
            request.queryParam("version", version);
        }
        return request.when().get("/api/v1/subjects/" + customerId + "/consents/" + purposeId)
                .then().statusCode(200).extract().jsonPath();
    }

    private static String newPurpose(ServiceProcess replica) {
        String purposeId = "replicas-" + UUID.randomUUID().toString().substring(0, 8);
        given().baseUri(replica.baseUrl()).auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_ADMIN))
                .contentType(ContentType.JSON)
                .body(Map.of("purposeId", purposeId, "name", "Offers", "description", "Offers by e-mail",
                        "legalBasis", "CONSENT", "dataCategories", List.of("contact")))
                .when().post("/api/v1/purposes")
                .then().statusCode(201);
        return purposeId;
    }

    private static double percentile(List<Long> sortedMicros, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sortedMicros.size()) - 1;
        return sortedMicros.get(Math.max(0, index)) / 1000.0;
    }
}
