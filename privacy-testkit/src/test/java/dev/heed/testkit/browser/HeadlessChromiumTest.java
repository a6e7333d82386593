package dev.heed.testkit.browser;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The browser the console test relies on: it loads a page, runs its script, and sees later changes. */
class HeadlessChromiumTest {

    @Test
    void aPageUpdatedByItsOwnScriptIsSeenWithoutAReload() throws Exception {
        HeadlessChromium.assumeInstalled();
        AtomicReference<String> news = new AtomicReference<>("nothing yet");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = (exchange.getRequestURI().getPath().equals("/news") ? news.get() : """
                    <html><body><p id="news">loading</p><script>
                    setInterval(async () => {
                      document.getElementById('news').textContent = await (await fetch('/news')).text();
                    }, 100);
                    </script></body></html>""").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (HeadlessChromium browser = HeadlessChromium.start()) {
            browser.open("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.visibleText().contains("nothing yet"));
            news.set("erasure completed");
            await().atMost(Duration.ofSeconds(10)).until(() -> browser.visibleText().contains("erasure completed"));
            assertEquals("2", browser.evaluate("String(1 + 1)"));
        } finally {
            server.stop(0);
        }
    }
}
