package dev.heed.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.heed.events.consent.ConsentDecision;
import dev.heed.events.consent.ConsentState;
import dev.heed.events.directive.DirectiveIssued;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HeedEventTest {

    private static final String SOURCE = Application.DSR_SERVICE.source();

    @ParameterizedTest(name = "{0}")
    @EnumSource(EventType.class)
    void everyEventSurvivesTheTripThroughKafkaHeadersAndValue(EventType type) {
        HeedEvent<EventPayload> sent = HeedEvent.of(type, SOURCE, Examples.AT, Examples.of(type));
        Headers headers = new RecordHeaders();
        sent.writeHeaders(headers);

        HeedEvent<?> received = HeedEvent.read(headers, sent.dataBytes());

        assertEquals(sent, received);
        assertEquals(type.payload(), received.data().getClass());
        assertEquals(sent, HeedEvent.read(sent.headerValues(), sent.dataBytes(), type.payload()));
    }

    @Test
    void writesTheCloudEventsBinaryModeHeaders() {
        HeedEvent<EventPayload> event = HeedEvent.of(EventType.DIRECTIVE_ISSUED, "task-1", SOURCE, Examples.AT,
                Examples.of(EventType.DIRECTIVE_ISSUED));
        Headers headers = new RecordHeaders();
        event.writeHeaders(headers);

        assertEquals("1.0", text(headers, "ce_specversion"));
        assertEquals("task-1", text(headers, "ce_id"));
        assertEquals("/heed/dsr-service", text(headers, "ce_source"));
        assertEquals("dev.heed.directive.issued.v1", text(headers, "ce_type"));
        assertEquals(Examples.SUBJECT, text(headers, "ce_subject"));
        assertEquals("2026-03-01T09:30:00Z", text(headers, "ce_time"));
        assertEquals("https://heed.dev/schemas/dev.heed.directive.issued.v1.json", text(headers, "ce_dataschema"));
        assertEquals("application/json", text(headers, "content-type"));
        assertEquals(Examples.SUBJECT, event.kafkaKey());
    }

    @Test
    void writingTwiceLeavesOneHeaderOfEachName() {
        HeedEvent<EventPayload> event = HeedEvent.of(EventType.CONSENT_STATE, SOURCE, Examples.AT,
                Examples.of(EventType.CONSENT_STATE));
        Headers headers = new RecordHeaders();
        headers.add(CloudEventHeaders.TRACEPARENT, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
                .getBytes(UTF_8));
        event.writeHeaders(headers);
        event.withId("second").writeHeaders(headers);

        assertEquals(1, StreamSupport.stream(headers.headers(CloudEventHeaders.ID).spliterator(), false).count());
        assertEquals("second", text(headers, CloudEventHeaders.ID));
        assertEquals(1, StreamSupport.stream(headers.headers(CloudEventHeaders.TRACEPARENT).spliterator(), false)
                .count());
    }

    @Test
    void anEventAboutNoSubjectHasNoSubjectHeader() {
        HeedEvent<EventPayload> event = HeedEvent.of(EventType.PURPOSE_PUBLISHED,
                Application.CONSENT_SERVICE.source(), Examples.AT, Examples.of(EventType.PURPOSE_PUBLISHED));
        Headers headers = new RecordHeaders();
        event.writeHeaders(headers);

        assertNull(headers.lastHeader(CloudEventHeaders.SUBJECT));
        assertEquals("marketing-email", event.kafkaKey());
        assertEquals(event, HeedEvent.read(headers, event.dataBytes()));
    }

    @Test
    void readsATimeWithAnOffset() {
        HeedEvent<EventPayload> event = HeedEvent.of(EventType.CONSENT_STATE, SOURCE, Examples.AT,
                Examples.of(EventType.CONSENT_STATE));
        Map<String, String> headers = new HashMap<>(event.headerValues());
        headers.put(CloudEventHeaders.TIME, "2026-03-01T10:30:00+01:00");

        assertEquals(Examples.AT, HeedEvent.read(headers, event.dataBytes(), ConsentState.class).time());
    }

    @Test
    void refusesTheWrongPayloadForAType() {
        assertThrows(IllegalArgumentException.class, () -> HeedEvent.of(EventType.CONSENT_GRANTED, SOURCE,
                Examples.AT, Examples.of(EventType.CONSENT_STATE)));
        assertThrows(IllegalArgumentException.class, () -> HeedEvent.of(EventType.CONSENT_WITHDRAWN, SOURCE,
                Examples.AT, Examples.of(EventType.CONSENT_GRANTED)));
    }

    @Test
    void rejectsRecordsThatAreNotHeedEvents() {
        HeedEvent<EventPayload> event = HeedEvent.of(EventType.CONSENT_STATE, SOURCE, Examples.AT,
                Examples.of(EventType.CONSENT_STATE));
        byte[] value = event.dataBytes();

        assertThrows(InvalidEventException.class, () -> HeedEvent.read(headers(event, "ce_specversion", "0.3"), value));
        assertThrows(InvalidEventException.class, () -> HeedEvent.read(headers(event, "ce_type", "dev.heed.nope.v1"),
                value));
        assertThrows(InvalidEventException.class, () -> HeedEvent.read(headers(event, "ce_time", "yesterday"), value));
        assertThrows(InvalidEventException.class, () -> HeedEvent.read(headers(event, "ce_id", null), value));
        assertThrows(InvalidEventException.class, () -> HeedEvent.read(headers(event, "content-type", "text/plain"),
                value));
        assertThrows(InvalidEventException.class, () -> HeedEvent.read(headers(event, null, null), null));
        assertThrows(InvalidEventException.class, () -> HeedEvent.read(headers(event, null, null),
                "{not json".getBytes(UTF_8)));
    }

    @Test
    void aRejectedPayloadNamesTheFieldButNeverQuotesTheValue() {
        HeedEvent<EventPayload> event = HeedEvent.of(EventType.CONSENT_GRANTED, SOURCE, Examples.AT,
                Examples.of(EventType.CONSENT_GRANTED));
        Headers headers = headers(event, null, null);
        String rawIdentifier = "ada@example.com";
        List<String> payloads = List.of(
                "{\"decisionId\":\"" + rawIdentifier + "\"}",
                new String(event.dataBytes(), UTF_8).replace(Examples.SUBJECT, rawIdentifier));

        for (String payload : payloads) {
            InvalidEventException e = assertThrows(InvalidEventException.class,
                    () -> HeedEvent.read(headers, payload.getBytes(UTF_8), ConsentDecision.class));
            assertFalse(e.getMessage().contains(rawIdentifier), e.getMessage());
            assertNull(e.getCause());
        }
    }

    @Test
    void aDirectiveKeepsItsIdAcrossResends() {
        DirectiveIssued directive = (DirectiveIssued) Examples.of(EventType.DIRECTIVE_ISSUED);
        HeedEvent<DirectiveIssued> first = HeedEvent.of(EventType.DIRECTIVE_ISSUED, "task-7", SOURCE, Examples.AT,
                directive);
        HeedEvent<DirectiveIssued> resent = HeedEvent.of(EventType.DIRECTIVE_ISSUED, "task-7", SOURCE,
                Examples.AT.plusSeconds(600), directive);

        assertEquals(first.id(), resent.id());
        assertArrayEquals(first.dataBytes(), resent.dataBytes());
    }

    private static Headers headers(HeedEvent<?> event, String replace, String value) {
        Headers headers = new RecordHeaders();
        event.writeHeaders(headers);
        if (replace != null) {
            headers.remove(replace);
            if (value != null) {
                headers.add(replace, value.getBytes(UTF_8));
            }
        }
        return headers;
    }

    private static String text(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), UTF_8);
    }
}
