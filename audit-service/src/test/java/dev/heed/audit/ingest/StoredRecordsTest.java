package dev.heed.audit.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heed.events.CloudEventHeaders;
import dev.heed.events.DeadLetterHeaders;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.directive.DirectiveIssued;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.operator.OperatorAction;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** What the audit log keeps of a Kafka record: everything it needs, and no identity value. */
class StoredRecordsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StoredRecords RECORDS = new StoredRecords(IdentityRedaction.fromSchemas());
    private static final String ADDRESS = "ada.lovelace@example.com";
    private static final String SUBJECT = "k1:" + "B".repeat(43);
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void aDirectiveKeepsItsReferencesAndIdentityKindsButNoIdentityValue() {
        UUID directiveId = UUID.randomUUID();
        UUID requestId = UUID.randomUUID();
        HeedEvent<DirectiveIssued> event = HeedEvent.of(EventType.DIRECTIVE_ISSUED, "/heed/dsr-service", NOW,
                new DirectiveIssued(directiveId, DirectiveKind.RECTIFY, "dsr-service", "crm", SUBJECT,
                        Map.of("email", List.of(ADDRESS)), null, Set.of("contact"), Map.of("email", ADDRESS),
                        requestId.toString(), NOW, NOW.plusSeconds(3600)));

        IntakeRow row = RECORDS.of(record("privacy.directives.crm.v1", event), NOW);
        JsonNode stored = read(row);

        assertFalse(row.record().contains(ADDRESS), row.record());
        assertEquals("/heed/dsr-service", row.eventSource());
        assertEquals(event.id(), row.eventId());
        assertEquals(EventType.DIRECTIVE_ISSUED.type(), stored.path("type").asText());
        assertEquals(SUBJECT, stored.path("subject").asText());
        assertEquals(directiveId.toString(), stored.path("directiveId").asText());
        assertEquals(requestId.toString(), stored.path("requestId").asText());
        assertEquals("privacy.directives.crm.v1", stored.path("topic").asText());
        assertEquals(NOW.toString(), stored.path("time").asText());
        assertEquals("[\"[redacted]\"]", stored.path("data").path("identities").path("email").toString());
        assertEquals("[redacted]", stored.path("data").path("parameters").path("email").asText());
        assertEquals("RECTIFY", stored.path("data").path("kind").asText());
    }

    @Test
    void anAddressInFreeTextIsRedactedButTheActorIsKept() {
        HeedEvent<OperatorAction> event = HeedEvent.of(EventType.DSR_OPERATOR_ACTION, "/heed/dsr-service", NOW,
                new OperatorAction(UUID.randomUUID(), "operator@heed.example", "privacy-operator", "request.approved",
                        UUID.randomUUID().toString(), SUBJECT, "customer wrote from " + ADDRESS + " again", NOW));

        JsonNode stored = read(RECORDS.of(record(dev.heed.events.Topics.DSR_EVENTS, event), NOW));

        assertEquals("customer wrote from [redacted] again", stored.path("data").path("reason").asText());
        assertEquals("operator@heed.example", stored.path("actor").asText());
        assertEquals("operator@heed.example", stored.path("data").path("actor").asText());
    }

    @Test
    void aDeadLetterKeepsOnlyWhereItCameFromAndWhatFailed() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.ID, "original-id".getBytes(UTF_8));
        headers.add(CloudEventHeaders.TYPE, EventType.DIRECTIVE_ISSUED.type().getBytes(UTF_8));
        headers.add(CloudEventHeaders.SUBJECT, SUBJECT.getBytes(UTF_8));
        headers.add(DeadLetterHeaders.TOPIC, "privacy.directives.crm.v1".getBytes(UTF_8));
        headers.add(DeadLetterHeaders.OFFSET, "41".getBytes(UTF_8));
        headers.add(DeadLetterHeaders.REASON, ("no customer for " + ADDRESS).getBytes(UTF_8));
        headers.add(DeadLetterHeaders.EXCEPTION_CLASS_NAME, "java.lang.IllegalStateException".getBytes(UTF_8));
        ConsumerRecord<String, byte[]> dead = record("privacy.directives.crm.v1.dlq", 2, 9, SUBJECT,
                ("{\"identities\":{\"email\":[\"" + ADDRESS + "\"]}}").getBytes(UTF_8), headers);

        IntakeRow row = RECORDS.of(dead, NOW);
        JsonNode stored = read(row);

        assertFalse(row.record().contains(ADDRESS), row.record());
        assertEquals("kafka:privacy.directives.crm.v1.dlq", row.eventSource());
        assertEquals("2-9", row.eventId());
        assertEquals("dead-letter", stored.path("type").asText());
        assertEquals(SUBJECT, stored.path("subject").asText());
        assertEquals("privacy.directives.crm.v1", stored.path("data").path("originalTopic").asText());
        assertEquals("41", stored.path("data").path("originalOffset").asText());
        assertEquals("original-id", stored.path("data").path("originalId").asText());
        assertEquals("java.lang.IllegalStateException", stored.path("data").path("exceptionClass").asText());
        assertFalse(stored.path("data").has("identities"));
    }

    @Test
    void aTombstoneIsKnownByItsPlaceAndKeepsTheSubjectOfItsKey() {
        ConsumerRecord<String, byte[]> tombstone = record("privacy.consent.state.v1", 1, 17, SUBJECT + "/marketing",
                null, new RecordHeaders());

        IntakeRow first = RECORDS.of(tombstone, NOW);
        IntakeRow again = RECORDS.of(tombstone, NOW.plusSeconds(60));
        JsonNode stored = read(first);

        assertEquals(first.eventSource() + first.eventId(), again.eventSource() + again.eventId());
        assertEquals("tombstone", stored.path("type").asText());
        assertEquals(SUBJECT, stored.path("subject").asText());
        assertEquals(SUBJECT + "/marketing", stored.path("data").path("key").asText());
    }

    @Test
    void aRecordThatIsNotACloudEventIsStoredWithoutItsValue() {
        ConsumerRecord<String, byte[]> plain = record("privacy.dsr.events.v1", 0, 3, "x",
                ("{\"email\":\"" + ADDRESS + "\"}").getBytes(UTF_8), new RecordHeaders());

        IntakeRow row = RECORDS.of(plain, NOW);

        assertFalse(row.record().contains(ADDRESS), row.record());
        assertEquals("unreadable", read(row).path("type").asText());
        assertEquals("0-3", row.eventId());
    }

    @Test
    void theDataOfATypeHeedDoesNotKnowIsDroppedWhole() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.ID, "e-1".getBytes(UTF_8));
        headers.add(CloudEventHeaders.SOURCE, "/someone".getBytes(UTF_8));
        headers.add(CloudEventHeaders.TYPE, "com.example.customer.v1".getBytes(UTF_8));
        ConsumerRecord<String, byte[]> foreign = record("privacy.dsr.events.v1", 0, 4, null,
                ("{\"phone\":\"+44 20 7946 0000\"}").getBytes(UTF_8), headers);

        IntakeRow row = RECORDS.of(foreign, NOW);

        assertTrue(row.record().contains("\"data\":\"[redacted]\""), row.record());
        assertFalse(row.record().contains("7946"), row.record());
    }

    private static JsonNode read(IntakeRow row) {
        try {
            return JSON.readTree(row.record());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ConsumerRecord<String, byte[]> record(String topic, HeedEvent<?> event) {
        RecordHeaders headers = new RecordHeaders();
        event.writeHeaders(headers);
        return record(topic, 0, 0, event.kafkaKey(), event.dataBytes(), headers);
    }

    private static ConsumerRecord<String, byte[]> record(String topic, int partition, long offset, String key,
            byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>(topic, partition, offset, NOW.toEpochMilli(), TimestampType.CREATE_TIME,
                ConsumerRecord.NULL_SIZE, value == null ? ConsumerRecord.NULL_SIZE : value.length, key, value,
                headers, Optional.empty());
    }
}
