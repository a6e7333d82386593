package dev.heed.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {

    @Test
    void namesPerSystemTopics() {
        assertEquals("privacy.directives.crm.v1", Topics.directives("crm"));
        assertEquals("privacy.acks.data-lake-2.v1", Topics.acks("data-lake-2"));
        assertEquals("privacy.acks.crm.v1.dlq", Topics.dlq(Topics.acks("crm")));
    }

    @Test
    void patternsMatchEveryPerSystemTopicAndNothingElse() {
        assertTrue(Topics.acks("crm").matches(Topics.ACKS_PATTERN));
        assertTrue(Topics.directives("crm").matches(Topics.DIRECTIVES_PATTERN));
        assertFalse(Topics.directives("crm").matches(Topics.ACKS_PATTERN));
        assertFalse(Topics.dlq(Topics.acks("crm")).matches(Topics.ACKS_PATTERN));
        assertFalse("privacy.acks.CRM.v1".matches(Topics.ACKS_PATTERN));
    }

    @Test
    void namesTheSystemOfAnAcksTopic() {
        assertEquals(Optional.of("data-lake-2"), Topics.systemOfAcks(Topics.acks("data-lake-2")));
        assertEquals(Optional.empty(), Topics.systemOfAcks(Topics.directives("crm")));
        assertEquals(Optional.empty(), Topics.systemOfAcks(Topics.dlq(Topics.acks("crm"))));
        assertEquals(Optional.empty(), Topics.systemOfAcks("privacy.acks.CRM.v1"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "c", "CRM", "-crm", "crm.v1", "crm_eu"})
    void refusesSystemIdsThatCannotNameATopicOrAKafkaUser(String systemId) {
        assertThrows(IllegalArgumentException.class, () -> Topics.directives(systemId));
        assertFalse(SystemId.isValid(systemId));
    }

    @Test
    void acceptsSystemIdsOfUpTo63Characters() {
        String longest = "a".repeat(63);
        assertEquals(longest, SystemId.validate(longest));
        assertThrows(IllegalArgumentException.class, () -> SystemId.validate(longest + "a"));
    }

    @Test
    void aDeadLetterTopicHasNoDeadLetterTopic() {
        assertThrows(IllegalArgumentException.class, () -> Topics.dlq(Topics.dlq(Topics.PURPOSES)));
    }
}
