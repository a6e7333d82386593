package dev.heed.testkit.opendsr;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenDSR controller's callback endpoint inside a test (a JDK HttpServer on 127.0.0.1): it keeps
 * every callback as received, exact body bytes and headers, and answers with a status the test sets.
 */
public final class TestController implements AutoCloseable {

    public static final String PATH = "/opendsr_callbacks";

    /** One callback as it arrived; header names in lower case. */
    public record Callback(byte[] body, Map<String, String> headers) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Callback> received = new ConcurrentLinkedQueue<>();
    private final AtomicInteger answer = new AtomicInteger(200);
    private final AtomicInteger refused = new AtomicInteger();

    private TestController(HttpServer server) {
        this.server = server;
    }

    public static TestController start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            TestController controller = new TestController(server);
            server.createContext(PATH, exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    byte[] body = in.readAllBytes();
                    int status = controller.answer.get();
                    if (status / 100 == 2) {
                        Map<String, String> headers = new HashMap<>();
                        exchange.getRequestHeaders().forEach((name, values) ->
                                headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
                        controller.received.add(new Callback(body, Map.copyOf(headers)));
                    } else {
                        controller.refused.incrementAndGet();
                    }
                    exchange.sendResponseHeaders(status, -1);
                } finally {
                    exchange.close();
                }
            });
            server.start();
            return controller;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The callback URL to send in status_callback_urls. */
    public String callbackUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** Answers every later callback with this status (e.g. 503 to make deliveries fail). */
    public void answerWith(int status) {
        answer.set(status);
    }

    /** The callbacks accepted (2xx), in arrival order. */
    public List<Callback> received() {
        return List.copyOf(received);
    }

    /** How many callbacks were answered with a failure status. */
    public int refused() {
        return refused.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
