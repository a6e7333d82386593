package dev.heed.audit.query;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.heed.audit.support.AuditTables;
import dev.heed.audit.support.Producing;
import dev.heed.platform.leadership.Leadership;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestStatus;
import dev.heed.events.dsr.RequestStatusChanged;
import dev.heed.events.dsr.RequestType;
import dev.heed.events.retention.HoldScope;
import dev.heed.events.retention.LegalHold;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.quarkus.HeedTestResource;
import dev.heed.testkit.openapi.OpenApiChecked;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.ExtendWith;

/** Who may read the log, how a page is asked for, and that every read is itself logged. */
@QuarkusTest
@ExtendWith(OpenApiChecked.class)
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
class AuditQueryTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    Pool database;
    @Inject
    SubjectKeys subjectKeys;
    @Inject
    Leadership leadership;

    private AuditTables tables;

    @BeforeEach
    void leaderElected() {
        tables = new AuditTables(database);
        await().atMost(WAIT).until(leadership::isLeader);
    }

    @Test
    void pagesFollowTheLogByLeafIndexAcrossTypeAndTimeFilters() {
        UUID requestId = UUID.randomUUID();
        String subject = subjectKeys.keyOf("customer-" + UUID.randomUUID());
        Instant start = Instant.now().minusSeconds(5);
        try (Producing producing = new Producing()) {
            RequestStatus from = null;
            for (RequestStatus to : List.of(RequestStatus.RECEIVED, RequestStatus.AWAITING_VERIFICATION,
                    RequestStatus.VERIFIED, RequestStatus.IN_PROGRESS, RequestStatus.COMPLETED)) {
                producing.send(Topics.DSR_EVENTS, HeedEvent.of(EventType.DSR_STATUS_CHANGED, "/heed/dsr-service",
                        Instant.now(), new RequestStatusChanged(requestId, subject, RequestType.ACCESS,
                                Regulation.GDPR, from, to, "test-operator", null, Instant.now())));
                from = to;
            }
        }
        await().atMost(WAIT).until(() -> tables.count("select count(*) from audit_entry where request_id = $1",
                requestId.toString()) == 5);

        List<String> statuses = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            JsonPath page = given().auth().oauth2(TestTokens.forRole(TestTokens.PRIVACY_ADMIN))
                    .queryParam("requestId", requestId.toString())
                    .queryParam("type", EventType.DSR_STATUS_CHANGED.type())
                    .queryParam("from", start.toString())
                    .queryParam("to", Instant.now().plusSeconds(60).toString())
                    .queryParam("limit", 2)
                    .queryParam("after", after == null ? "-1" : after)
                    .when().get("/api/v1/audit/entries")
                    .then().statusCode(200).extract().jsonPath();
            statuses.addAll(page.getList("entries.record.data.toStatus"));
            Object next = page.get("next");
            after = next == null ? null : String.valueOf(next);
            pages++;
        } while (after != null);

        assertEquals(List.of("RECEIVED", "AWAITING_VERIFICATION", "VERIFIED", "IN_PROGRESS", "COMPLETED"), statuses);
        assertEquals(3, pages);
        given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                .queryParam("requestId", requestId.toString())
                .queryParam("to", start.toString())
                .when().get("/api/v1/audit/entries")
                .then().statusCode(200).body("entries.size()", is(0)).body("next", nullValue());
    }

    @Test
    void aCaseHoldOnTwoSubjectsIsInBothSubjectsTrails() {
        List<String> customers = List.of("customer-" + UUID.randomUUID(), "customer-" + UUID.randomUUID());
        UUID holdId = UUID.randomUUID();
        try (Producing producing = new Producing()) {
            producing.send(Topics.LEGAL_HOLDS, HeedEvent.of(EventType.RETENTION_HOLD_PLACED, "/heed/retention-service",
                    Instant.now(), new LegalHold(holdId, "case-7", Set.of(subjectKeys.keyOf(customers.get(0)),
                            subjectKeys.keyOf(customers.get(1))), Set.of(), "test-admin", null, Instant.now(),
                            HoldScope.CASE, null)));
        }
        await().atMost(WAIT).until(() -> tables.count("select count(*) from audit_entry where record like '%' || $1"
                + " || '%' and event_type = $2", holdId.toString(), EventType.RETENTION_HOLD_PLACED.type()) == 1);

        for (String customer : customers) {
            given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                    .queryParam("limit", 1)
                    .when().get("/api/v1/audit/subjects/{customerId}/entries", customer)
                    .then().statusCode(200)
                    .body("entries[0].record.type", is(EventType.RETENTION_HOLD_PLACED.type()))
                    .body("entries[0].record.data.holdId", is(holdId.toString()))
                    .body("entries[0].record.actor", is("test-admin"));
        }
    }

    @Test
    void everyQueryIsLoggedNamingWhoAskedAndTheSubjectKeyButNotTheCustomerId() {
        String customerId = "customer-" + UUID.randomUUID();
        String subject = subjectKeys.keyOf(customerId);

        given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                .when().get("/api/v1/audit/subjects/{customerId}/entries", customerId)
                .then().statusCode(200).body("entries.size()", is(0));

        await().atMost(WAIT).until(() -> tables.count("select count(*) from audit_entry where $1 = any(subject_keys)"
                + " and event_type = $2", subject, "dev.heed.audit.queried.v1") == 1);
        JsonPath logged = given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                .when().get("/api/v1/audit/subjects/{customerId}/entries", customerId)
                .then().statusCode(200).extract().jsonPath();
        assertEquals("dev.heed.audit.queried.v1", logged.getString("entries[0].record.type"));
        assertEquals("test-auditor", logged.getString("entries[0].record.actor"));
        assertEquals("subject", logged.getString("entries[0].record.data.kind"));
        assertEquals(subject, logged.getString("entries[0].record.data.subjectKey"));
        assertEquals(List.of("auditor"), logged.getList("entries[0].record.data.roles"));
        assertNull(logged.get("entries[0].record.topic"));
        assertEquals(0, tables.count("select count(*) from audit_entry where record like '%' || $1 || '%'",
                customerId));
    }

    @Test
    void onlyAuditorsAndAdminsReadTheLog() {
        long before = queriesLogged();
        given().when().get("/api/v1/audit/entries").then().statusCode(401);
        for (String role : List.of(TestTokens.SUPPORT_AGENT, TestTokens.PRIVACY_OPERATOR, TestTokens.SYSTEM)) {
            given().auth().oauth2(TestTokens.forRole(role))
                    .when().get("/api/v1/audit/subjects/{customerId}/entries", "customer-1")
                    .then().statusCode(403);
        }
        assertEquals(before, queriesLogged(), "a refused query is not logged");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "limit,0", "limit,501", "limit,ten", "after,-2", "after,x", "directiveId,not-a-uuid",
            "requestId,42", "type,dev heed", "from,yesterday", "to,2026-13-01T00:00:00Z"})
    void aBadParameterIsA400NamingItAndLogsNothing(String field, String value) {
        long before = queriesLogged();

        given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                .queryParam(field, value)
                .when().get("/api/v1/audit/entries")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", is(field));

        assertEquals(before, queriesLogged());
    }

    @Test
    void badParametersAreEachNamedByTheirConstraintAndLogNothing() {
        long before = queriesLogged();
        given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                .queryParam("directiveId", "not-a-uuid").queryParam("limit", "0").queryParam("type", "dev heed")
                .when().get("/api/v1/audit/entries")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("directiveId", "limit", "type"))
                .body(not(containsString("not-a-uuid")));
        given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                .when().get("/api/v1/audit/subjects/{customerId}/entries", "c".repeat(257))
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", is("customerId"))
                .body(not(containsString("cccc")));
        assertEquals(before, queriesLogged());
    }

    /** Queries taken in or appended: only this service writes entries of its own source. */
    private long queriesLogged() {
        return tables.count("select (select count(*) from intake where event_source = $1)"
                + " + (select count(*) from audit_entry where event_source = $1)", QueryLog.SOURCE);
    }

    @Test
    void aTimeRangeMustEndAfterItStarts() {
        given().auth().oauth2(TestTokens.forRole(TestTokens.AUDITOR))
                .queryParam("from", "2026-03-02T00:00:00Z").queryParam("to", "2026-03-01T00:00:00Z")
                .when().get("/api/v1/audit/entries")
                .then().statusCode(400).body("errors[0].field", is("to"));
    }
}
