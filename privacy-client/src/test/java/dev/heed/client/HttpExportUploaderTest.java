package dev.heed.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import dev.heed.events.directive.DirectiveIssued;
import dev.heed.events.directive.DirectiveKind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpExportUploaderTest {

    private HttpServer server;
    private final Map<String, Object> received = new ConcurrentHashMap<>();

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/exports/", exchange -> {
            received.put("method", exchange.getRequestMethod());
            received.put("query", String.valueOf(exchange.getRequestURI().getQuery()));
            received.put("digest", exchange.getRequestHeaders().getFirst("Content-Digest"));
            received.put("type", exchange.getRequestHeaders().getFirst("Content-Type"));
            received.put("authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            received.put("body", exchange.getRequestBody().readAllBytes());
            int status = exchange.getRequestURI().getPath().endsWith("/full") ? 507 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void putsTheBytesWithTheirDigestAndReferencesTheUrlWithoutItsToken() throws Exception {
        byte[] data = "{\"orders\":[]}".getBytes(StandardCharsets.UTF_8);
        String sha256 = Answers.sha256(data);
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/exports/req-1?token=one-time";

        String reference = HttpExportUploader.create().authorization(() -> "Bearer system-token")
                .upload(export(url), data, "application/json", sha256);

        assertEquals("http://127.0.0.1:" + server.getAddress().getPort() + "/exports/req-1", reference);
        assertEquals("PUT", received.get("method"));
        assertEquals("token=one-time", received.get("query"));
        assertEquals("application/json", received.get("type"));
        assertEquals("Bearer system-token", received.get("authorization"));
        assertEquals("sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256)) + ":",
                received.get("digest"));
        assertArrayEquals(data, (byte[]) received.get("body"));
    }

    @Test
    void aRefusedUploadFailsTheAttempt() {
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/exports/full";
        IOException refused = assertThrows(IOException.class, () -> HttpExportUploader.create()
                .upload(export(url), new byte[] {1}, "application/octet-stream", Answers.sha256(new byte[] {1})));
        assertEquals("export upload answered HTTP 507", refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HttpExportUploader.create()
                .upload(new Export(directive(Map.of())), new byte[] {1}, "application/octet-stream",
                        Answers.sha256(new byte[] {1})), "no upload URL");
    }

    private static Export export(String url) {
        return new Export(directive(Map.of(Export.UPLOAD_URL, url)));
    }

    private static DirectiveIssued directive(Map<String, Object> parameters) {
        Instant now = Instant.now();
        return new DirectiveIssued(UUID.randomUUID(), DirectiveKind.EXPORT, "dsr-service", "crm",
                IssuerSide.subjectKey("customer-40"), null, null, Set.of(), parameters, "request-40", now,
                now.plusSeconds(3600));
    }
}
