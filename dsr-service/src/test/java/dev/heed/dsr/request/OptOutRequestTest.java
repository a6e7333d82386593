package dev.heed.dsr.request;

import static dev.heed.dsr.support.Requests.request;
import static dev.heed.dsr.support.Requests.submit;
import static dev.heed.testkit.kafka.TopicReader.header;
import static dev.heed.testkit.kafka.TopicReader.json;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.heed.platform.leadership.Leadership;
import dev.heed.dsr.support.KnownCustomers;
import dev.heed.dsr.support.MovableTime;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.EventType;
import dev.heed.events.Topics;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.kafka.TopicReader;
import dev.heed.testkit.quarkus.HeedTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A CCPA opt-out of sale or sharing is not sent to the systems: once verified, it is forwarded to
 * consent-service as {@code dev.heed.dsr.opt-out-requested.v1} on the real topic, in the
 * transaction that completes the request; before that, nothing is forwarded.
 */
@QuarkusTest
@TestProfile(MovableTime.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "dsr"))
class OptOutRequestTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String OPT_OUT = EventType.DSR_OPT_OUT_REQUESTED.type();

    @Inject
    SubjectKeys subjectKeys;
    @Inject
    Pool database;
    @Inject
    Leadership leadership;

    @ConfigProperty(name = "heed.testkit.kafka.bootstrap-servers")
    String bootstrapServers;

    @BeforeEach
    void relayRunning() {
        await().atMost(WAIT).until(leadership::isLeader);
    }

    @Test
    void anOperatorsOptOutIsForwardedToConsentServiceAndCompletes() {
        String customerId = "customer-" + UUID.randomUUID();
        String subjectKey = subjectKeys.keyOf(customerId);

        try (TopicReader events = new TopicReader(bootstrapServers, Topics.DSR_EVENTS)) {
            Map<TopicPartition, Long> from = events.end();
            JsonPath filed = submit(optOut("CCPA", customerId)).statusCode(201)
                    .body(not(containsString(customerId)))
                    .extract().jsonPath();
            String requestId = filed.getString("id");
            assertThat(filed.getString("status"), is("COMPLETED"));
            assertThat(filed.getString("closeReason"), is("forwarded to consent-service"));
            assertThat(filed.getString("subjectKey"), is(subjectKey));
            assertThat(filed.get("directive"), nullValue());
            assertThat(directivesFor(requestId), is(0L));

            // Received, verified, the opt-out forwarded, completed: in that order, under the subject key.
            List<ConsumerRecord<String, byte[]>> facts = new ArrayList<>();
            events.awaitRecord(from, r -> {
                if (subjectKey.equals(r.key())) {
                    facts.add(r);
                }
                return facts.size() == 4;
            });
            assertThat(facts.stream().map(r -> header(r, CloudEventHeaders.TYPE)).toList(),
                    contains(EventType.DSR_STATUS_CHANGED.type(), EventType.DSR_STATUS_CHANGED.type(), OPT_OUT,
                            EventType.DSR_STATUS_CHANGED.type()));
            assertThat(json(facts.get(3)).path("toStatus").asText(), is("COMPLETED"));

            ConsumerRecord<String, byte[]> forwarded = facts.get(2);
            JsonNode optOut = json(forwarded);
            assertThat(optOut.path("requestId").asText(), is(requestId));
            assertThat(optOut.path("subjectKey").asText(), is(subjectKey));
            assertThat(optOut.path("regulation").asText(), is("CCPA"));
            assertThat(Instant.parse(optOut.path("verifiedAt").asText()),
                    is(Instant.parse(filed.getString("verifiedAt"))));
            assertThat(header(forwarded, CloudEventHeaders.SUBJECT), is(subjectKey));
            assertThat(header(forwarded, CloudEventHeaders.SOURCE), is("/heed/dsr-service"));
            assertThat(new String(forwarded.value()), not(containsString(customerId)));
        }
        // 15 business days (CCPA regulations § 7026(f)), not the 45 days of other CCPA requests.
        JsonPath stored = request(submit(optOut("CCPA", "customer-" + UUID.randomUUID())).statusCode(201)
                .extract().jsonPath().getString("id"));
        Duration due = Duration.between(Instant.parse(stored.getString("receivedAt")),
                Instant.parse(stored.getString("dueAt")));
        assertThat(due.compareTo(Duration.ofDays(19)) > 0 && due.compareTo(Duration.ofDays(26)) < 0, is(true));
    }

    @Test
    void aRequestersOptOutIsForwardedOnlyOnceTheCodeIsEntered() {
        String customerId = "customer-" + UUID.randomUUID();
        String email = customerId + "@" + KnownCustomers.DOMAIN;
        String requestId = submitPublic("CCPA", email).statusCode(202).extract().jsonPath().getString("id");
        assertThat(forwarded(requestId), is(0L));

        verify(requestId, wrong(sentCode(requestId))).statusCode(400);
        assertThat(forwarded(requestId), is(0L));

        String subjectKey = subjectKeys.keyOf(customerId);
        try (TopicReader events = new TopicReader(bootstrapServers, Topics.DSR_EVENTS)) {
            Map<TopicPartition, Long> from = events.end();
            verify(requestId, sentCode(requestId)).statusCode(200).body("status", is("COMPLETED"));
            // Known by the customer id the address resolves to, as consent-service records consent.
            ConsumerRecord<String, byte[]> optOut = events.awaitRecord(from,
                    r -> OPT_OUT.equals(header(r, CloudEventHeaders.TYPE)) && subjectKey.equals(r.key()));
            assertThat(json(optOut).path("requestId").asText(), is(requestId));
            assertThat(new String(optOut.value()), not(containsString(email)));
        }
        assertThat(forwarded(requestId), is(1L));
    }

    @Test
    void anOptOutFromAnAddressNoCustomerHasIsRejectedAndForwardsNothing() {
        String email = "nobody." + UUID.randomUUID() + "@example.com";
        String requestId = submitPublic("CCPA", email).statusCode(202).extract().jsonPath().getString("id");

        verify(requestId, sentCode(requestId)).statusCode(200).body("status", is("REJECTED"));
        JsonPath rejected = request(requestId);
        assertThat(rejected.getString("closeReason"), is("no customer is known for the verified address"));
        assertThat(forwarded(requestId), is(0L));
        assertThat(directivesFor(requestId), is(0L));
    }

    @Test
    void optOutsOutsideTheCcpaOrWithoutACustomerIdAreRefusedAndWriteNothing() {
        long before = rows();
        String customerId = "customer-" + UUID.randomUUID();
        for (String regulation : List.of("GDPR", "UK_GDPR", "LGPD")) {
            submit(optOut(regulation, customerId)).statusCode(400)
                    .contentType(containsString("application/problem+json"))
                    .body("errors[0].field", is("regulation")).body(not(containsString(customerId)));
            submitPublic(regulation, "ada@example.com").statusCode(400).body("errors[0].field", is("regulation"));
        }
        Map<String, Object> byAddressOnly = Map.of("type", "OPT_OUT_OF_SALE", "regulation", "CCPA",
                "identities", Map.of("email", List.of("ada@example.com")), "verificationNote", "seen in person");
        submit(byAddressOnly).statusCode(400).body("errors[0].field", is("customerId"));
        given().auth().oauth2(TestTokens.forRole(TestTokens.SUPPORT_AGENT)).contentType(ContentType.JSON)
                .body(optOut("CCPA", customerId)).when().post("/api/v1/requests").then().statusCode(403);
        assertThat(rows(), is(before));
    }

    private static Map<String, Object> optOut(String regulation, String customerId) {
        return Map.of("type", "OPT_OUT_OF_SALE", "regulation", regulation, "customerId", customerId,
                "verificationNote", "signed in to the customer portal");
    }

    private static ValidatableResponse submitPublic(String regulation, String email) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("type", "OPT_OUT_OF_SALE", "regulation", regulation, "email", email))
                .when().post("/public/v1/requests").then();
    }

    private static ValidatableResponse verify(String requestId, String code) {
        return given().contentType(ContentType.JSON).body(Map.of("code", code))
                .when().post("/public/v1/requests/" + requestId + "/verification").then();
    }

    private String sentCode(String requestId) {
        return database.preparedQuery("select code from verification_notice where request_id = $1"
                        + " order by created_at desc limit 1")
                .execute(Tuple.of(UUID.fromString(requestId))).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getString("code");
    }

    private static String wrong(String code) {
        return (code.charAt(0) == '9' ? "1" : "9") + code.substring(1);
    }

    /** Opt-out events of the request ever queued: the outbox is the only way to the topic. */
    private long forwarded(String requestId) {
        return count("select count(*) from heed_platform.outbox where event_type = $1"
                + " and payload::jsonb ->> 'requestId' = $2", Tuple.of(OPT_OUT, requestId));
    }

    private long directivesFor(String requestId) {
        return count("select count(*) from heed_directives.directive where reference = $1", Tuple.of(requestId));
    }

    private long rows() {
        return count("select (select count(*) from subject_request) + (select count(*) from verification_notice)"
                + " + (select count(*) from heed_platform.outbox where event_type = $1)", Tuple.of(OPT_OUT));
    }

    private long count(String sql, Tuple arguments) {
        return database.preparedQuery(sql).execute(arguments).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
    }
}
