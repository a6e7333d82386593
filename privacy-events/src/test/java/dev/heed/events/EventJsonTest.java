package dev.heed.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestStatus;
import dev.heed.events.dsr.RequestStatusChanged;
import dev.heed.events.dsr.RequestType;
import dev.heed.events.operator.OperatorAction;
import dev.heed.events.registry.SystemRegistration;
import dev.heed.events.retention.RetentionPolicy;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    private final ObjectMapper json = EventJson.mapper();

    @Test
    void writesTimesAndPeriodsAsIso8601Text() {
        JsonNode policy = json.valueToTree(Examples.of(EventType.RETENTION_POLICY_VERSIONED));

        assertEquals("P10Y", policy.get("retainFor").asText());
        assertEquals("2026-03-01T09:30:00Z", policy.get("effectiveAt").asText());
    }

    @Test
    void leavesOutAbsentFields() {
        RequestStatusChanged received = new RequestStatusChanged(Examples.ID, null,
                RequestType.ACCESS, Regulation.GDPR, null,
                RequestStatus.RECEIVED, "dsr-service", null, Examples.AT);
        JsonNode written = json.valueToTree(received);

        assertFalse(written.has("subjectKey"));
        assertFalse(written.has("fromStatus"));
        assertEquals(received.requestId().toString(), received.kafkaKey(), "keyed by request until the subject is known");
    }

    @Test
    void readsPayloadsWithFieldsItDoesNotKnowYet() throws IOException {
        String newer = "{\"policyId\":\"invoices\",\"version\":4,\"dataCategory\":\"billing\",\"retainFor\":\"P6Y\","
                + "\"anchor\":\"COLLECTED\",\"changedBy\":\"admin\",\"effectiveAt\":\"2026-03-01T09:30:00Z\","
                + "\"addedInALaterRelease\":{\"nested\":true}}";

        RetentionPolicy policy = json.readValue(newer, RetentionPolicy.class);

        assertEquals(4, policy.version());
    }

    @Test
    void anOperatorActionReadsBackWithAndWithoutItsSystem() throws IOException {
        OperatorAction withSystem = (OperatorAction) Examples.of(EventType.DSR_OPERATOR_ACTION);
        assertEquals(withSystem, json.readValue(json.writeValueAsBytes(withSystem), OperatorAction.class));

        OperatorAction older = new OperatorAction(Examples.ID, "operator-3", "privacy-operator", "request.approved",
                "r-1", null, null, Examples.AT);
        JsonNode written = json.valueToTree(older);
        assertFalse(written.has("systemId"));
        assertEquals(older, json.treeToValue(written, OperatorAction.class));
    }

    @Test
    void theSamePayloadAlwaysGivesTheSameBytes() throws IOException {
        SystemRegistration example = (SystemRegistration) Examples.of(EventType.SYSTEM_REGISTERED);
        SystemRegistration reordered = new SystemRegistration(example.systemId(), example.name(),
                example.ownerTeam(), new LinkedHashSet<>(List.of("contact", "behavioural")), example.purposes(),
                new LinkedHashSet<>(List.of(DirectiveKind.EXPORT, DirectiveKind.ERASE,
                        DirectiveKind.STOP_PROCESSING)), example.transport(), example.status(), example.updatedAt(),
                example.openDsrBaseUrl());

        assertArrayEquals(json.writeValueAsBytes(example), json.writeValueAsBytes(reordered));
        JsonNode written = json.valueToTree(reordered);
        assertEquals("[\"behavioural\",\"contact\"]", written.get("dataCategories").toString());
        assertEquals("[\"STOP_PROCESSING\",\"ERASE\",\"EXPORT\"]", written.get("directiveKinds").toString());
    }
}
