package dev.heed.dsr.opendsr.vendor;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.heed.dsr.opendsr.signature.BodySigner;
import dev.heed.testkit.pki.TestCertificateAuthority;
import dev.heed.testkit.pki.TestCertificateAuthority.IssuedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OpenDSR processor inside the test, as a vendor runs one: discovery, create and status under
 * {@code <base>/v2/...}, its certificate at {@code <base>/cert.pem}, every response signed with a
 * leaf certificate the test CA issued for {@code localhost}; it calls back when told to.
 */
final class TestVendor implements AutoCloseable {

    static final String DOMAIN = "localhost";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final HttpServer server;
    private final BodySigner signer;
    private final List<byte[]> received = new CopyOnWriteArrayList<>();
    private final Map<String, String> statuses = new ConcurrentHashMap<>();
    private final Map<String, Long> counts = new ConcurrentHashMap<>();

    private TestVendor(HttpServer server, BodySigner signer) {
        this.server = server;
        this.signer = signer;
    }

    static TestVendor start() {
        IssuedCertificate issued = TestCertificateAuthority.perJvm().issue(DOMAIN);
        BodySigner signer = new BodySigner(issued.key(), List.of(issued.certificate(), issued.issuer()));
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(0), 0);
            TestVendor vendor = new TestVendor(server, signer);
            server.createContext("/opendsr/", vendor::handle);
            server.start();
            return vendor;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://" + DOMAIN + ":" + server.getAddress().getPort() + "/opendsr";
    }

    BodySigner signer() {
        return signer;
    }

    /** The create requests it received, as sent. */
    List<JsonNode> received() {
        return received.stream().map(TestVendor::tree).toList();
    }

    /** Completes a request: its status says so from now on. */
    void complete(String subjectRequestId, long resultsCount) {
        statuses.put(subjectRequestId, "completed");
        counts.put(subjectRequestId, resultsCount);
    }

    /** The callback body for a request in its current status, as the vendor would sign it. */
    byte[] callbackBody(String subjectRequestId, String callbackUrl) {
        ObjectNode body = status(subjectRequestId);
        body.put("status_callback_url", callbackUrl);
        return bytes(body);
    }

    /** POSTs a callback to {@code target} (the service's address in the test) with these headers; yields the code. */
    static int callBack(URI target, byte[] body, String domain, String signature) {
        try {
            HttpRequest request = HttpRequest.newBuilder(target)
                    .header("Content-Type", "application/json")
                    .header("X-OpenDSR-Processor-Domain", domain)
                    .header("X-OpenDSR-Signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/opendsr/v2/discovery")) {
                ObjectNode discovery = JSON.createObjectNode().put("api_version", "2.0")
                        .put("processor_certificate", baseUrl() + "/cert.pem");
                discovery.putArray("supported_subject_request_types").add("erasure");
                discovery.putArray("supported_identities").addObject()
                        .put("identity_type", "email").put("identity_format", "raw");
                send(exchange, 200, bytes(discovery), false);
            } else if (path.equals("/opendsr/cert.pem")) {
                send(exchange, 200, signer.chainPem().getBytes(UTF_8), false);
            } else if (path.equals("/opendsr/v2/requests") && method.equals("POST")) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                received.add(body);
                String id = tree(body).path("subject_request_id").asText();
                statuses.putIfAbsent(id, "pending");
                ObjectNode created = JSON.createObjectNode().put("controller_id", "heed-test")
                        .put("expected_completion_time", "2030-01-01T00:00:00Z")
                        .put("received_time", "2026-01-01T00:00:00Z")
                        .put("encoded_request", Base64.getEncoder().encodeToString(body))
                        .put("subject_request_id", id);
                send(exchange, 201, bytes(created), true);
            } else if (path.startsWith("/opendsr/v2/requests/") && method.equals("GET")) {
                String id = path.substring("/opendsr/v2/requests/".length());
                if (!statuses.containsKey(id)) {
                    send(exchange, 404, "{}".getBytes(UTF_8), false);
                } else {
                    send(exchange, 200, bytes(status(id)), true);
                }
            } else {
                send(exchange, 404, "{}".getBytes(UTF_8), false);
            }
        } finally {
            exchange.close();
        }
    }

    private ObjectNode status(String id) {
        ObjectNode status = JSON.createObjectNode().put("controller_id", "heed-test")
                .put("expected_completion_time", "2030-01-01T00:00:00Z")
                .put("subject_request_id", id)
                .put("request_status", statuses.getOrDefault(id, "pending"))
                .put("api_version", "2.0");
        Long count = counts.get(id);
        if (count != null) {
            status.put("results_count", count);
        }
        return status;
    }

    private void send(HttpExchange exchange, int code, byte[] body, boolean signed) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (signed) {
            exchange.getResponseHeaders().add("X-OpenDSR-Processor-Domain", DOMAIN);
            exchange.getResponseHeaders().add("X-OpenDSR-Signature", signer.sign(body));
        }
        exchange.sendResponseHeaders(code, body.length);
        exchange.getResponseBody().write(body);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode tree(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
