package dev.heed.testkit.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heed.testkit.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real headless Chromium (Debian's package, {@code /usr/bin/chromium}) driven over the Chrome
 * DevTools Protocol with the JDK's own WebSocket client: no driver binary, no download. One page;
 * {@link #evaluate} runs JavaScript in it and returns the result as text.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final Path DEFAULT_BINARY = Path.of("/usr/bin/chromium");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket page;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, WebSocket page) {
        this.process = process;
        this.profile = profile;
        this.page = page;
    }

    /** The Chromium binary: {@code HEED_CHROMIUM} or Debian's {@code /usr/bin/chromium}. */
    public static Path binary() {
        String configured = System.getenv("HEED_CHROMIUM");
        return configured == null || configured.isBlank() ? DEFAULT_BINARY : Path.of(configured);
    }

    public static boolean installed() {
        return Files.isExecutable(binary());
    }

    /**
     * Skips a browser test where Chromium is missing (a machine with only a JDK), unless
     * {@code HEED_REQUIRE_CHROMIUM} is set, as CI sets it after installing Chromium: there a missing
     * browser fails the test instead of skipping it silently.
     */
    public static void assumeInstalled() {
        if (installed()) {
            return;
        }
        String message = "no Chromium at " + binary() + " (apt-get install chromium, or set HEED_CHROMIUM)";
        if (System.getenv("HEED_REQUIRE_CHROMIUM") != null) {
            throw new IllegalStateException(message);
        }
        org.junit.jupiter.api.Assumptions.abort(message);
    }

    public static HeadlessChromium start() {
        if (!installed()) {
            throw new IllegalStateException("no Chromium at " + binary()
                    + ": install Debian's chromium package (apt-get install chromium) or set HEED_CHROMIUM");
        }
        try {
            Path profile = Files.createTempDirectory("heed-chromium");
            // The flags keep a closed network quiet: no sync, updates or background lookups.
            Process process = new ProcessBuilder(List.of(binary().toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                    "--user-data-dir=" + profile, "about:blank"))
                    .redirectErrorStream(true)
                    .redirectOutput(profile.resolve("chromium.log").toFile())
                    .start();
            HeadlessChromium browser = null;
            try {
                browser = attach(process, profile);
                return browser;
            } finally {
                if (browser == null) {
                    ChildProcess.stop(process, Duration.ofSeconds(5));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Chromium", e);
        }
    }

    private static HeadlessChromium attach(Process process, Path profile) throws IOException {
        Path portFile = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!Files.exists(portFile) || Files.readAllLines(portFile).size() < 2) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("Chromium did not open its DevTools port:\n"
                        + ChildProcess.logTail(profile.resolve("chromium.log"), 20));
            }
            pause();
        }
        int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
        HttpClient http = HttpClient.newHttpClient();
        JsonNode targets;
        try {
            targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        String pageUrl = null;
        for (JsonNode target : targets) {
            if ("page".equals(target.path("type").asText())) {
                pageUrl = target.path("webSocketDebuggerUrl").asText();
            }
        }
        if (pageUrl == null) {
            throw new IllegalStateException("Chromium opened no page: " + targets);
        }
        Listener listener = new Listener();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), listener).join();
        HeadlessChromium browser = new HeadlessChromium(process, profile, socket);
        listener.browser = browser;
        return browser;
    }

    /** Navigates and waits until the document has loaded. */
    public void open(String url) {
        ObjectNode params = JSON.createObjectNode().put("url", url);
        JsonNode result = send("Page.navigate", params);
        if (result.hasNonNull("errorText")) {
            throw new IllegalStateException("could not open " + url + ": " + result.get("errorText").asText());
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!"complete".equals(evaluate("document.readyState"))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(url + " did not finish loading");
            }
            pause();
        }
    }

    /** Runs an expression in the page (promises are awaited) and returns its value as text. */
    public String evaluate(String expression) {
        ObjectNode params = JSON.createObjectNode().put("expression", expression).put("awaitPromise", true)
                .put("returnByValue", true);
        JsonNode result = send("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("the page threw: " + result.get("exceptionDetails").toString());
        }
        JsonNode value = result.path("result").path("value");
        return value.isMissingNode() || value.isNull() ? null : value.isTextual() ? value.asText() : value.toString();
    }

    /** The text a user sees on the page. */
    public String visibleText() {
        return evaluate("document.body ? document.body.innerText : ''");
    }

    public String url() {
        return evaluate("location.href");
    }

    private JsonNode send(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        page.sendText(message.toString(), true).join();
        try {
            JsonNode response = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (response.has("error")) {
                throw new IllegalStateException(method + " failed: " + response.get("error"));
            }
            return response.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(method + " got no answer from Chromium", e);
        } finally {
            pending.remove(id);
        }
    }

    private void received(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> answer = pending.get(message.get("id").asInt());
                if (answer != null) {
                    answer.complete(message);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private volatile HeadlessChromium browser;

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                if (browser != null) {
                    browser.received(text);
                }
            }
            socket.request(1);
            return null;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        page.abort();
        ChildProcess.stop(process, Duration.ofSeconds(5));
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary profile is harmless
        }
    }
}
