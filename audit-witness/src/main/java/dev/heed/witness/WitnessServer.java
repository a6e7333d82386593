package dev.heed.witness;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The witness over HTTP: {@code POST /add-checkpoint} (submission prefix) and
 * {@code GET /<origin hash>/checkpoint} (monitoring prefix), both at the root, plus
 * {@code GET /vkey}. Bodies over 64 KiB are refused before they are read whole.
 */
public final class WitnessServer implements AutoCloseable {

    private static final int MAX_BODY = 64 * 1024;

    private final HttpServer server;

    public WitnessServer(Witness witness, Map<String, String> originsByHash, InetSocketAddress address)
            throws IOException {
        server = HttpServer.create(address, 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                String method = exchange.getRequestMethod();
                if (path.equals("/add-checkpoint")) {
                    if (!method.equals("POST")) {
                        send(exchange, Witness.Answer.text(405, "POST only"));
                        return;
                    }
                    String body = readBody(exchange.getRequestBody());
                    send(exchange, body == null ? Witness.Answer.text(413, "body too large")
                            : witness.addCheckpoint(body));
                } else if (method.equals("GET") && path.equals("/vkey")) {
                    send(exchange, new Witness.Answer(200, "text/plain; charset=utf-8", witness.vkey() + "\n"));
                } else if (method.equals("GET") && path.matches("/[0-9a-f]{64}/checkpoint")) {
                    String origin = originsByHash.get(path.substring(1, 65));
                    send(exchange, (origin == null ? java.util.Optional.<String>empty() : witness.latest(origin))
                            .map(note -> new Witness.Answer(200, "text/plain; charset=utf-8", note))
                            .orElse(Witness.Answer.text(404, "never cosigned a checkpoint of that log")));
                } else {
                    send(exchange, Witness.Answer.text(404, "not found"));
                }
            } catch (RuntimeException e) {
                // The cause stays in the witness's own output; the client learns only that it failed.
                System.err.println("witness: " + e);
                send(exchange, Witness.Answer.text(500, "internal error"));
            }
        });
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private static String readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        return body.length > MAX_BODY ? null : new String(body, UTF_8);
    }

    private static void send(HttpExchange exchange, Witness.Answer answer) throws IOException {
        byte[] body = answer.body().getBytes(UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), body.length);
        exchange.getResponseBody().write(body);
    }
}
