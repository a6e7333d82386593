package dev.heed.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The announcement a client sends at start-up, against a real small HTTP server standing in for
 * dsr-service (and the real broker for the client's directives): what it sends, that start-up
 * never waits for it, that it is tried again while dsr-service is down and not after a refusal.
 */
class StartUpAnnouncementTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final SystemDescription DESK = new SystemDescription("Support desk", "support",
            Set.of("support"), Set.of("customer-support"));

    private final IssuerSide heed = IssuerSide.forNewSystem("announcing");
    private final Queue<Received> received = new ConcurrentLinkedQueue<>();
    private final Queue<Integer> answers = new ConcurrentLinkedQueue<>();
    private final AtomicInteger tokensIssued = new AtomicInteger();
    private HttpServer dsr;
    private PrivacyClient client;

    private record Received(String method, String path, String authorization, String contentType, String body) {
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (dsr != null) {
            dsr.stop(0);
        }
        heed.close();
    }

    @Test
    void announcesItsDescriptionTheKindsItHandlesAndItsVersionWithItsOwnToken() throws Exception {
        serve(0, 201);

        client = startClient(baseUrl());

        await().atMost(WAIT).until(() -> client.announcement() == AnnouncementState.ANNOUNCED);
        assertEquals(1, received.size());
        Received announcement = received.peek();
        assertEquals("PUT", announcement.method());
        assertEquals("/api/v1/systems/" + heed.systemId + "/announcement", announcement.path());
        assertEquals("Bearer token-1", announcement.authorization());
        assertEquals("application/json", announcement.contentType());
        JsonNode body = new ObjectMapper().readTree(announcement.body());
        assertEquals("Support desk", body.path("name").asText());
        assertEquals("support", body.path("ownerTeam").asText());
        assertEquals(List.of("support"), texts(body.path("dataCategories")));
        assertEquals(List.of("customer-support"), texts(body.path("purposes")));
        assertEquals(List.of("ERASE", "STOP_PROCESSING"), texts(body.path("directiveKinds")));
        String version = body.path("clientVersion").asText();
        assertTrue(version.matches("[0-9]+\\.[0-9]+\\.[0-9]+.*"), "the build's version, was " + version);
    }

    @Test
    void startsWhileDsrServiceIsDownAndAnnouncesOnceItIsBack() throws Exception {
        // Nothing listens at first: the port of a server that was stopped.
        serve(0, 201);
        int port = dsr.getAddress().getPort();
        dsr.stop(0);

        client = startClient(baseUrl(port));

        assertTrue(client.isRunning(), "start-up does not wait for dsr-service");
        await().during(Duration.ofMillis(300)).atMost(WAIT)
                .until(() -> client.announcement() == AnnouncementState.PENDING);

        // Back, but still failing once, then accepting.
        answers.add(503);
        serve(port, 200);

        await().atMost(WAIT).until(() -> client.announcement() == AnnouncementState.ANNOUNCED);
        assertEquals(2, received.size(), "one 503, then accepted");
        List<String> authorizations = received.stream().map(Received::authorization).toList();
        assertNotEquals(authorizations.get(0), authorizations.get(1), "the token is asked anew for each try");
        assertTrue(client.isRunning());
    }

    @Test
    void aRefusalIsLoggedAndNotSentAgain() throws Exception {
        serve(0, 409);

        client = startClient(baseUrl());

        await().atMost(WAIT).until(() -> client.announcement() == AnnouncementState.REFUSED);
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> received.size() == 1);
        assertTrue(client.isRunning(), "a refused announcement does not stop the system");
    }

    @Test
    void aClientWithoutAnnouncementSaysSo() {
        client = heed.client().acknowledgements(new InMemoryAcknowledgementStore())
                .onErase(erasure -> DirectiveResult.done(0)).start();
        assertEquals(AnnouncementState.NOT_CONFIGURED, client.announcement());
    }

    private PrivacyClient startClient(URI dsrBaseUrl) {
        return heed.client()
                .acknowledgements(new InMemoryAcknowledgementStore())
                .onErase(erasure -> DirectiveResult.done(0))
                .onStopProcessing(stop -> DirectiveResult.done(0))
                .describedAs(DESK)
                .announceTo(dsrBaseUrl, () -> "token-" + tokensIssued.incrementAndGet())
                .firstAnnouncementRetry(Duration.ofMillis(20))
                .start();
    }

    /** Answers each announcement with the next queued status, then with {@code otherwise}. */
    private void serve(int port, int otherwise) throws IOException {
        dsr = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        dsr.createContext("/api/v1/systems/", exchange -> {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Integer queued = answers.poll();
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(queued == null ? otherwise : queued, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        dsr.start();
    }

    private URI baseUrl() {
        return baseUrl(dsr.getAddress().getPort());
    }

    private static URI baseUrl(int port) {
        // A trailing slash, as a configured base URL often has.
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
