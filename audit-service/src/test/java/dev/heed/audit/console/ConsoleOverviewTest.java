package dev.heed.audit.console;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.audit.support.AuditTables;
import dev.heed.audit.support.Producing;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.directive.AckOutcome;
import dev.heed.events.directive.DirectiveAcknowledgement;
import dev.heed.events.directive.DirectiveIssued;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.subject.SubjectKeys;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.quarkus.HeedTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The overview is computed from what was logged: directives issued on the real broker show their
 * fan-in (issued to N, settled by M, which systems are outstanding), and a system with a task
 * past the directive's deadline is listed as overdue, in red.
 */
@QuarkusTest
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
class ConsoleOverviewTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String DSR = "/heed/dsr-service";

    @Inject
    Pool database;
    @Inject
    SubjectKeys subjectKeys;

    @Test
    void directivesInFlightShowTheirFanInAndASystemPastTheDeadlineIsOverdueInRed() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String prompt = "prompt-" + suffix;
        String failing = "failing-" + suffix;
        String silent = "silent-" + suffix;
        String subject = subjectKeys.keyOf("customer-" + UUID.randomUUID());
        Instant now = Instant.now();
        UUID late = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        UUID answered = UUID.randomUUID();

        try (Producing producing = new Producing()) {
            for (String system : new String[] {prompt, failing, silent}) {
                producing.send(Topics.directives(system),
                        issued(late, system, subject, now.minus(Duration.ofHours(3)), now.minus(Duration.ofHours(1))));
            }
            producing.send(Topics.directives(silent), issued(recent, silent, subject, now, now.plus(Duration.ofDays(30))));
            producing.send(Topics.directives(prompt), issued(answered, prompt, subject, now, now.plus(Duration.ofDays(30))));
            producing.send(Topics.acks(prompt), ack(late, prompt, AckOutcome.DONE));
            producing.send(Topics.acks(failing), ack(late, failing, AckOutcome.FAILED));
            producing.send(Topics.acks(prompt), ack(answered, prompt, AckOutcome.NOT_APPLICABLE));
        }
        AuditTables tables = new AuditTables(database);
        await().atMost(WAIT).until(() -> tables.count("select count(*) from audit_entry where directive_id = any($1)",
                (Object) new String[] {late.toString(), recent.toString(), answered.toString()}) == 8);

        Cookie session = Sessions.cookieFor(TestTokens.forRole(TestTokens.PRIVACY_OPERATOR));
        String overview = given().cookie(session).when().get("/console/overview")
                .then().statusCode(200).extract().asString().replaceAll("\\s+", " ");

        String lateRow = row(overview, late.toString());
        assertTrue(lateRow.startsWith("<tr class=\"overdue\">"), lateRow);
        assertTrue(lateRow.contains("ERASE"), lateRow);
        assertTrue(lateRow.contains("1 / 3"), "one of three settled: " + lateRow);
        assertTrue(lateRow.contains(failing + " (FAILED)") && lateRow.contains(silent), lateRow);
        assertFalse(lateRow.contains(prompt), "a system that answered is not outstanding: " + lateRow);

        String recentRow = row(overview, recent.toString());
        assertTrue(recentRow.startsWith("<tr>"), "not overdue yet: " + recentRow);
        assertTrue(recentRow.contains("0 / 1") && recentRow.contains(silent), recentRow);
        assertFalse(overview.contains(answered.toString()), "a settled directive is not in flight");

        for (String system : Set.of(failing, silent)) {
            assertTrue(Pattern.compile("<tr class=\"overdue\"><td>" + system + "</td><td class=\"n\">1</td>")
                    .matcher(overview).find(), system + " is overdue with one task");
        }
        assertFalse(overview.contains("<td>" + prompt + "</td>"), "a system that answered is not overdue");
        assertTrue(overview.contains("figure alert"), "overdue tasks are counted in red");
    }

    /** The in-flight table row that names the directive. */
    private static String row(String html, String directiveId) {
        int at = html.indexOf(directiveId);
        assertTrue(at >= 0, directiveId + " is not in flight");
        int start = html.lastIndexOf("<tr", at);
        return html.substring(start, html.indexOf("</tr>", at));
    }

    private static HeedEvent<DirectiveIssued> issued(UUID directiveId, String systemId, String subject, Instant at,
            Instant deadline) {
        return HeedEvent.of(EventType.DIRECTIVE_ISSUED, UUID.randomUUID().toString(), DSR, at,
                new DirectiveIssued(directiveId, DirectiveKind.ERASE, "dsr-service", systemId, subject, null, null,
                        Set.of("contact"), Map.of(), "request-" + directiveId, at, deadline));
    }

    private static HeedEvent<DirectiveAcknowledgement> ack(UUID directiveId, String systemId, AckOutcome outcome) {
        Instant now = Instant.now();
        return HeedEvent.of(EventType.DIRECTIVE_ACKNOWLEDGED, "/heed/systems/" + systemId, now,
                new DirectiveAcknowledgement(directiveId, systemId, outcome, 0L,
                        outcome == AckOutcome.FAILED ? "disk full" : null, null, null, now));
    }
}
