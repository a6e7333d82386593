package dev.heed.client;

import static dev.heed.client.IssuerSide.subjectKey;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.consent.ConsentState;
import dev.heed.events.consent.Decision;
import dev.heed.testkit.HeedInfra;
import dev.heed.testkit.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The consent view on the real, compacted privacy.consent.state.v1 the test kit creates. */
class LocalConsentViewTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private final String servers = HeedInfra.get().kafkaBootstrapServers();
    private final KafkaProducer<String, byte[]> consentService = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ProducerConfig.ACKS_CONFIG, "all"),
            new StringSerializer(), new ByteArraySerializer());
    private final MutableClock clock = new MutableClock();
    private final List<LocalConsentView> views = new ArrayList<>();
    private long sequence = 1;

    @AfterEach
    void stop() {
        views.forEach(LocalConsentView::close);
        consentService.close();
    }

    @Test
    void onceReadyItHoldsEverythingPublishedBeforeItStarted() throws Exception {
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String subject = subjectKey("catch-up-" + UUID.randomUUID());
            subjects.add(subject);
            publish(state(subject, "newsletter", i % 2 == 0 ? Decision.GRANTED : Decision.DENIED, null));
        }

        LocalConsentView view = start();
        assertTrue(view.awaitReady(WITHIN));

        // No waiting after ready: everything before the start is in.
        for (int i = 0; i < subjects.size(); i++) {
            assertEquals(i % 2 == 0, view.isAllowed(subjects.get(i), "newsletter"), "subject " + i);
        }
    }

    @Test
    void aGrantAllowsAWithdrawalRefusesAndATombstoneForgets() throws Exception {
        String subject = subjectKey("customer-" + UUID.randomUUID());
        LocalConsentView view = start();
        assertTrue(view.awaitReady(WITHIN));
        assertFalse(view.isAllowed(subject, "marketing"), "no decision is no consent");

        publish(state(subject, "marketing", Decision.GRANTED, null));
        await().atMost(WITHIN).until(() -> view.isAllowed(subject, "marketing"));
        assertFalse(view.isAllowed(subject, "analytics"), "consent is per purpose");

        publish(state(subject, "marketing", Decision.WITHDRAWN, null));
        await().atMost(WITHIN).until(() -> !view.isAllowed(subject, "marketing"));
        assertEquals(Decision.WITHDRAWN, view.state(subject, "marketing").orElseThrow().decision());

        // The subject is erased: consent-service tombstones its keys.
        publishTombstone(subject, "marketing");
        await().atMost(WITHIN).until(() -> view.state(subject, "marketing").isEmpty());
        assertTrue(view.states(subject).isEmpty());
    }

    @Test
    void aGrantExpiresAtCheckTimeByTheInjectedClock() throws Exception {
        String subject = subjectKey("customer-" + UUID.randomUUID());
        Instant expiresAt = clock.instant().plus(Duration.ofDays(365));
        publish(state(subject, "profiling", Decision.GRANTED, expiresAt));
        LocalConsentView view = start();
        assertTrue(view.awaitReady(WITHIN));
        await().atMost(WITHIN).until(() -> view.state(subject, "profiling").isPresent());

        assertTrue(view.isAllowed(subject, "profiling"));
        clock.set(expiresAt.minusMillis(1));
        assertTrue(view.isAllowed(subject, "profiling"));
        clock.set(expiresAt);
        assertFalse(view.isAllowed(subject, "profiling"), "expired, though no EXPIRED state was published yet");
        assertEquals(Decision.GRANTED, view.state(subject, "profiling").orElseThrow().decision());
    }

    @Test
    void anOlderDecisionReadLaterDoesNotOverrideANewerOne() throws Exception {
        String subject = subjectKey("customer-" + UUID.randomUUID());
        LocalConsentView view = start();
        assertTrue(view.awaitReady(WITHIN));
        ConsentState newer = state(subject, "marketing", Decision.WITHDRAWN, null);
        ConsentState older = new ConsentState(subject, "marketing", 1, Decision.GRANTED, UUID.randomUUID(), null,
                false, Instant.now(), newer.sequence() - 1);
        publish(newer);
        publish(older);
        String marker = subjectKey("marker-" + UUID.randomUUID());
        publish(state(marker, "marketing", Decision.GRANTED, null));
        // Same key, same partition: once the later one of the two is applied, so is the first.
        await().atMost(WITHIN).until(() -> view.state(subject, "marketing").isPresent()
                && view.state(subject, "marketing").orElseThrow().sequence() == newer.sequence()
                && view.state(marker, "marketing").isPresent());
        assertFalse(view.isAllowed(subject, "marketing"));
    }

    private LocalConsentView start() {
        LocalConsentView view = LocalConsentView.connect(servers).clock(clock).start();
        views.add(view);
        return view;
    }

    private ConsentState state(String subject, String purposeId, Decision decision, Instant expiresAt) {
        return new ConsentState(subject, purposeId, 1, decision, UUID.randomUUID(), expiresAt, false, Instant.now(),
                ++sequence);
    }

    private void publish(ConsentState state) throws Exception {
        HeedEvent<ConsentState> event = HeedEvent.of(EventType.CONSENT_STATE, "/heed/consent-service",
                Instant.now(), state);
        RecordHeaders headers = new RecordHeaders();
        event.writeHeaders(headers);
        consentService.send(new ProducerRecord<>(Topics.CONSENT_STATE, null, event.kafkaKey(), event.dataBytes(),
                headers)).get(30, TimeUnit.SECONDS);
    }

    private void publishTombstone(String subject, String purposeId) throws Exception {
        consentService.send(new ProducerRecord<>(Topics.CONSENT_STATE, ConsentState.keyOf(subject, purposeId), null))
                .get(30, TimeUnit.SECONDS);
    }
}
