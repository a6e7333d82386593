package dev.heed.audit.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
import dev.heed.testkit.browser.HeadlessChromium;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.quarkus.HeedTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Acceptance: the console, loaded first in a real headless Chromium and signed into through its
 * form, shows an event produced afterwards on the real broker, without a reload.
 */
@QuarkusTest
@QuarkusTestResource(value = HeedTestResource.class, initArgs = @ResourceArg(name = "database", value = "audit"))
class ConsoleInBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TestHTTPResource("/console/login")
    URL login;
    @Inject
    Leadership leadership;
    @Inject
    SubjectKeys subjectKeys;

    @Test
    void theConsoleLoadedFirstShowsAnEventProducedAfterwardsWithoutAReload() {
        HeadlessChromium.assumeInstalled();
        await().atMost(WAIT).until(leadership::isLeader);
        String token = TestTokens.forRole(TestTokens.PRIVACY_OPERATOR);
        UUID requestId = UUID.randomUUID();
        String shown = "request " + requestId.toString().substring(0, 8);

        try (HeadlessChromium browser = HeadlessChromium.start()) {
            browser.open(login.toString());
            browser.evaluate("document.getElementById('token').value = '" + token + "';"
                    + " document.querySelector('form').submit(); 'submitted'");
            await().atMost(WAIT).ignoreExceptions().until(() -> browser.url().endsWith("/console")
                    && "live".equals(browser.evaluate("document.getElementById('stream-state').textContent")));
            // Survives only as long as this very document: a reload would lose it.
            browser.evaluate("window.loadedOnce = 'same page'");
            assertFalse(browser.visibleText().contains(shown));

            Instant now = Instant.now();
            try (Producing producing = new Producing()) {
                producing.send(Topics.DSR_EVENTS, HeedEvent.of(EventType.DSR_STATUS_CHANGED, "/heed/dsr-service", now,
                        new RequestStatusChanged(requestId, subjectKeys.keyOf("customer-" + UUID.randomUUID()),
                                RequestType.ERASURE, Regulation.GDPR, null, RequestStatus.RECEIVED, "test-operator",
                                null, now)));
            }

            await().atMost(WAIT).until(() -> browser.evaluate("document.getElementById('entries').innerText")
                    .contains(shown));
            String row = browser.evaluate("[...document.querySelectorAll('#entries tr')]"
                    + ".find(r => r.innerText.includes('" + shown + "')).innerText");
            assertFalse(row.isBlank());
            assertEquals(true, row.contains(Topics.DSR_EVENTS) && row.contains("dsr.status-changed"), row);
            assertEquals("same page", browser.evaluate("window.loadedOnce"), "the page was not reloaded");
            assertFalse(browser.url().contains(token), "no token in the URL");
            assertFalse(browser.evaluate("document.cookie").contains(token), "the session cookie is HttpOnly");
            assertFalse(browser.evaluate("document.documentElement.outerHTML").contains(token), "no token in the page");
        }
    }
}
