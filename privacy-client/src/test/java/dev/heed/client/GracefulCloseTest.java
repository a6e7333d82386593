package dev.heed.client;

import static dev.heed.client.IssuerSide.read;
import static dev.heed.client.IssuerSide.subjectKey;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.heed.events.HeedEvent;
import dev.heed.events.directive.AckOutcome;
import dev.heed.events.directive.DirectiveAcknowledgement;
import dev.heed.events.directive.DirectiveIssued;
import dev.heed.events.directive.DirectiveKind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GracefulCloseTest {

    private final IssuerSide heed = IssuerSide.forNewSystem("support");

    @AfterEach
    void stop() {
        heed.close();
    }

    @Test
    void closeFinishesTheDirectiveInHandAnswersAndCommitsItAndLeavesTheRestForLater() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        InMemoryAcknowledgementStore store = new InMemoryAcknowledgementStore();
        HeedEvent<DirectiveIssued> first = heed.issue(DirectiveKind.ERASE, subjectKey("customer-20"));
        HeedEvent<DirectiveIssued> second = heed.issue(DirectiveKind.ERASE, subjectKey("customer-21"));
        PrivacyClient client = heed.client().acknowledgements(store).onErase(erasure -> {
            handled.add(erasure.subjectKey());
            inHandler.countDown();
            // The work in hand when the system shuts down.
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
            return DirectiveResult.done(1);
        }).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> inHandler.getCount() == 0);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(client::close);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !closing.isDone());
        release.countDown();
        closing.get(30, TimeUnit.SECONDS);

        assertFalse(client.isRunning());
        DirectiveAcknowledgement ack = read(heed.awaitAck(first)).data();
        assertEquals(AckOutcome.DONE, ack.outcome());
        assertEquals(1, heed.committedOffset(), "the finished directive is committed, the next one is not");
        assertEquals(List.of(first.data().subjectKey()), handled, "nothing after the directive in hand");

        // The next instance takes up where this one stopped.
        try (PrivacyClient next = heed.client().acknowledgements(store)
                .onErase(erasure -> {
                    handled.add(erasure.subjectKey());
                    return DirectiveResult.done(2);
                }).start()) {
            assertEquals(2L, read(heed.awaitAck(second)).data().recordsAffected());
            heed.awaitCommitted(2);
        }
        assertEquals(List.of(first.data().subjectKey(), second.data().subjectKey()), handled);
    }

    @Test
    void closeDuringABackoffLeavesTheDirectiveUnansweredForTheNextInstance() throws Exception {
        CountDownLatch failedOnce = new CountDownLatch(1);
        InMemoryAcknowledgementStore store = new InMemoryAcknowledgementStore();
        HeedEvent<DirectiveIssued> directive = heed.issue(DirectiveKind.ERASE, subjectKey("customer-22"));
        PrivacyClient client = heed.client().acknowledgements(store)
                .retries(5, Duration.ofMinutes(1))
                .onErase(erasure -> {
                    failedOnce.countDown();
                    throw new IllegalStateException("down");
                }).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> failedOnce.getCount() == 0);

        CompletableFuture<Void> closing = CompletableFuture.runAsync(client::close);
        closing.get(30, TimeUnit.SECONDS); // well before the one-minute backoff ends

        assertEquals(-1, heed.committedOffset(), "not committed");
        assertEquals(0, heed.deadLetterCount(), "not dead-lettered");
        try (PrivacyClient next = heed.client().acknowledgements(store)
                .onErase(erasure -> DirectiveResult.done(4)).start()) {
            assertEquals(4L, read(heed.awaitAck(directive)).data().recordsAffected());
        }
    }
}
