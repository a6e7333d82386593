package dev.heed.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.events.directive.DirectiveIssued;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.retention.RetentionAction;
import dev.heed.events.retention.RetentionAnchor;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Purge view reads the rule and the held subjects from the directive's parameters. */
class PurgeTest {

    private static final Instant NOW = Instant.parse("2026-11-24T08:00:00Z");
    private static final String SUBJECT = "k1:" + "A".repeat(43);

    @Test
    void readsTheRuleAndTheHeldSubjects() {
        Purge purge = purge(Map.of("policyId", "tickets", "runId", "run-1", "cutoff", "2026-10-25T00:00:00Z",
                "anchor", "LAST_ACTIVITY", "retainFor", "P30D", "action", "ANONYMISE",
                "heldSubjectKeys", List.of("k1:held"), "heldCustomerIds", List.of("customer-7")));

        assertEquals("tickets", purge.policyId().orElseThrow());
        assertEquals(Instant.parse("2026-10-25T00:00:00Z"), purge.cutoff().orElseThrow());
        assertEquals(RetentionAnchor.LAST_ACTIVITY, purge.anchor().orElseThrow());
        assertEquals(Period.ofDays(30), purge.retainFor().orElseThrow());
        assertEquals(RetentionAction.ANONYMISE, purge.action());
        assertEquals(Set.of("k1:held"), purge.heldSubjectKeys());
        assertEquals(Set.of("customer-7"), purge.heldCustomerIds());
        assertFalse(purge.toString().contains("customer-7"), "held customer ids are never printed");
    }

    @Test
    void aSubjectLevelPurgeNamesTheSubjectAndThePurpose() {
        Purge purge = new Purge(new DirectiveIssued(UUID.randomUUID(), DirectiveKind.PURGE, "retention-service",
                "desk", SUBJECT, null, "newsletter", Set.of("contact"),
                Map.of("policyId", "newsletter-contact", "anchor", "CONSENT_WITHDRAWN"), "purge-1", NOW,
                NOW.plusSeconds(3600)));

        assertTrue(purge.subjectLevel());
        assertEquals(SUBJECT, purge.subjectKey());
        assertEquals("newsletter", purge.purposeId().orElseThrow());
        assertEquals(RetentionAnchor.CONSENT_WITHDRAWN, purge.anchor().orElseThrow());
        assertFalse(purge(Map.of()).subjectLevel());
        assertTrue(purge(Map.of()).purposeId().isEmpty());
    }

    @Test
    void absentParametersMeanDeleteAndNothingHeld() {
        Purge purge = purge(Map.of("policyId", "tickets"));

        assertEquals(RetentionAction.DELETE, purge.action());
        assertTrue(purge.heldSubjectKeys().isEmpty());
        assertTrue(purge.anchor().isEmpty());
    }

    @Test
    void malformedParametersFailTheDirective() {
        assertThrows(IllegalArgumentException.class, () -> purge(Map.of("action", "SHRED")).action());
        assertThrows(IllegalArgumentException.class, () -> purge(Map.of("retainFor", "30 days")).retainFor());
        assertThrows(IllegalArgumentException.class, () -> purge(Map.of("heldSubjectKeys", "k1:x")).heldSubjectKeys());
    }

    private static Purge purge(Map<String, Object> parameters) {
        return new Purge(new DirectiveIssued(UUID.randomUUID(), DirectiveKind.PURGE, "retention-service", "desk",
                null, null, null, Set.of("support"), parameters, "run-1", NOW, NOW.plusSeconds(3600)));
    }
}
