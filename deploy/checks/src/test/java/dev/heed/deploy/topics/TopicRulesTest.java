package dev.heed.deploy.topics;

import static dev.heed.deploy.topics.KafkaTopicYaml.production;
import static dev.heed.deploy.topics.KafkaTopicYaml.read;
import static dev.heed.deploy.topics.KafkaTopicYaml.template;
import static dev.heed.deploy.topics.KafkaTopicYaml.topic;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.heed.events.Topics;

class TopicRulesTest {

    private static final String SYSTEM = "crm";

    @Test
    void theContractTopicsOnceEachPass() {
        assertEquals(List.of(), TopicRules.contract(read(production()), read(template(SYSTEM)), SYSTEM));
        assertEquals(List.of(), TopicRules.cleanupPolicies(read(production())));
        assertEquals(List.of(), TopicRules.replication(read(production()), 3, 2));
        assertEquals(List.of(), TopicRules.configKeys(read(production())));
    }

    @Test
    void aMisspeltTopicSettingFails() {
        String yaml = production().replace("min.insync.replicas: 2", "min.isr.replicas: 2");
        assertEquals(Topics.fixed().size() + 1, TopicRules.configKeys(read(yaml)).size());
        assertEquals("KafkaTopic privacy.audit.heads.v1: config min.isr.replicas is not a Kafka topic setting",
                TopicRules.configKeys(read(yaml)).stream().sorted().findFirst().orElseThrow());
    }

    @Test
    void aDuplicateKafkaTopicFails() {
        String yaml = production() + """
                ---
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: registry, labels: {strimzi.io/cluster: heed}}
                spec: {topicName: privacy.systems.v1, partitions: 3, replicas: 3}
                """;
        assertEquals(List.of("topic privacy.systems.v1 (Topics.fixed()): 2 KafkaTopics in the overlay, expected exactly 1"),
                TopicRules.contract(read(yaml), read(template(SYSTEM)), SYSTEM));
    }

    @Test
    void aMissingFixedTopicFails() {
        String yaml = production().replace(topic(Topics.AUDIT_HEADS, 3, 2, "delete"), "");
        assertEquals(List.of("topic privacy.audit.heads.v1 (Topics.fixed()): 0 KafkaTopics in the overlay, expected exactly 1"),
                TopicRules.contract(read(yaml), read(template(SYSTEM)), SYSTEM));
    }

    @Test
    void aTopicOutsideTheContractFails() {
        String yaml = production() + "---\n" + topic("privacy.everything.v1", 3, 2, "delete");
        assertEquals(List.of("KafkaTopic for privacy.everything.v1 in the overlay: not a topic of the Java contract (Topics.fixed() or its .dlq)"),
                TopicRules.contract(read(yaml), read(template(SYSTEM)), SYSTEM));
    }

    @Test
    void aTemplateWithoutTheDeadLetterTopicFails() {
        String yaml = template(SYSTEM).replace(topic(Topics.dlq(Topics.directives(SYSTEM)), 3, 2, "delete"), "");
        assertEquals(List.of("topic privacy.directives.crm.v1.dlq (per-system channel for crm): 0 KafkaTopics in the onboarding template, expected exactly 1"),
                TopicRules.contract(read(production()), read(yaml), SYSTEM));
    }

    @Test
    void aCompactedTopicThatDeletesFailsAndTheOtherWayRound() {
        String yaml = production()
                .replace(topic(Topics.CONSENT_STATE, 3, 2, "compact"), topic(Topics.CONSENT_STATE, 3, 2, "delete"))
                .replace(topic(Topics.DSR_EVENTS, 3, 2, "delete"), topic(Topics.DSR_EVENTS, 3, 2, "compact"));
        assertEquals(List.of("KafkaTopic privacy.consent.state.v1: cleanup.policy delete, expected compact",
                        "KafkaTopic privacy.dsr.events.v1: cleanup.policy compact, expected delete"),
                TopicRules.cleanupPolicies(read(yaml)).stream().sorted().toList());
    }

    @Test
    void productionReplicationIsThreeWithTwoInSync() {
        String yaml = production().replace(topic(Topics.PURPOSES, 3, 2, "compact"), topic(Topics.PURPOSES, 1, 1, "compact"));
        assertEquals(List.of("KafkaTopic privacy.purposes.v1: replicas 1, expected 3",
                "KafkaTopic privacy.purposes.v1: min.insync.replicas 1, expected 2"), TopicRules.replication(read(yaml), 3, 2));
    }
}
