package dev.heed.audit.console;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.heed.events.subject.SubjectKeys;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.quarkus.HeedTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Cookie;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The live stream is the log read by leaf index: an SSE "entry" per appended entry, its id the
 * leaf index, so a browser that reconnects with Last-Event-ID gets exactly what came after.
 */
@QuarkusTest
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
class ConsoleStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/console/stream")
    URI stream;
    @Inject
    Pool database;
    @Inject
    Leadership leadership;
    @Inject
    SubjectKeys subjectKeys;

    @Test
    void aReconnectingConsoleResumesRightAfterTheLastLeafItSaw() throws Exception {
        await().atMost(WAIT).until(leadership::isLeader);
        UUID requestId = UUID.randomUUID();
        String subject = subjectKeys.keyOf("customer-" + UUID.randomUUID());
        try (Producing producing = new Producing()) {
            for (RequestStatus status : List.of(RequestStatus.RECEIVED, RequestStatus.VERIFIED, RequestStatus.IN_PROGRESS)) {
                Instant now = Instant.now();
                producing.send(Topics.DSR_EVENTS, HeedEvent.of(EventType.DSR_STATUS_CHANGED, "/heed/dsr-service", now,
                        new RequestStatusChanged(requestId, subject, RequestType.ERASURE, Regulation.GDPR, null, status,
                                "test-operator", null, now)));
            }
        }
        AuditTables tables = new AuditTables(database);
        await().atMost(WAIT).until(() -> tables.count("select count(*) from audit_entry where request_id = $1",
                requestId.toString()) == 3);
        List<Long> leaves = tables.column("select leaf_index from audit_entry where request_id = $1 order by 1",
                requestId.toString()).stream().map(Long::valueOf).toList();
        Cookie session = Sessions.cookieFor(TestTokens.forRole(TestTokens.AUDITOR));

        List<JsonNode> entries = firstEntries(session, leaves.get(0) - 1, 3);

        assertEquals(leaves.get(0), entries.get(0).get("leafIndex").asLong());
        for (int i = 0; i < entries.size(); i++) {
            assertEquals(leaves.get(0) + i, entries.get(i).get("leafIndex").asLong(), "gap-free, in log order");
        }
        JsonNode first = entries.get(0);
        assertEquals(Topics.DSR_EVENTS, first.get("topic").asText());
        assertEquals("dsr.status-changed", first.get("type").asText());
        assertEquals("request " + requestId.toString().substring(0, 8) + "…", first.get("reference").asText());
        assertEquals(subject.substring(0, 12) + "…", first.get("subject").asText(), "the subject key, abbreviated");
    }

    @Test
    void aLastEventIdThatIsNotALeafIndexIsA400NamingTheHeader() {
        Cookie session = Sessions.cookieFor(TestTokens.forRole(TestTokens.AUDITOR));
        given().cookie(session).header("Last-Event-ID", "yesterday").when().get("/console/stream")
                .then().statusCode(400).contentType(containsString("application/problem+json"))
                .body(containsString("Last-Event-ID"));
    }

    /** Opens the stream as a browser reconnecting after {@code lastEventId} and reads {@code count} entries. */
    private List<JsonNode> firstEntries(Cookie session, long lastEventId, int count) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(stream)
                .header("Accept", "text/event-stream")
                .header("Cookie", Sessions.COOKIE + "=" + session.getValue())
                .header("Last-Event-ID", Long.toString(lastEventId))
                .build();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        try (Stream<String> lines = response.body()) {
            return CompletableFuture.supplyAsync(() -> {
                List<JsonNode> entries = new ArrayList<>();
                String id = null;
                String name = null;
                Iterator<String> it = lines.iterator();
                while (entries.size() < count && it.hasNext()) {
                    String line = it.next();
                    if (line.startsWith("id:")) {
                        id = line.substring(3).strip();
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).strip();
                    } else if (line.startsWith("data:")) {
                        JsonNode entry = read(line.substring(5).strip());
                        assertEquals("entry", name);
                        assertEquals(id, entry.get("leafIndex").asText(), "the SSE id is the leaf index");
                        entries.add(entry);
                    }
                }
                assertTrue(entries.size() == count, "the stream ended early");
                return entries;
            }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
