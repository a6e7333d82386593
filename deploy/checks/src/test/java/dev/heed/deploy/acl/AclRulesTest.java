package dev.heed.deploy.acl;

import static dev.heed.deploy.topics.KafkaTopicYaml.production;
import static dev.heed.deploy.topics.KafkaTopicYaml.read;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class AclRulesTest {

    private static String user(String... topicResources) {
        StringBuilder acls = new StringBuilder();
        for (String resource : topicResources) {
            acls.append("      - resource: ").append(resource).append("\n        operations: [Read]\n");
        }
        return """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaUser
                metadata: {name: consent-service, labels: {strimzi.io/cluster: heed}}
                spec:
                  authentication: {type: scram-sha-512}
                  authorization:
                    type: simple
                    acls:
                      - resource: {type: group, name: consent-service, patternType: literal}
                        operations: [Read]
                """ + acls;
    }

    @Test
    void literalTopicsWithAKafkaTopicAndPerSystemPrefixesPass() {
        String yaml = production() + "---\n" + user("{type: topic, name: privacy.purposes.v1, patternType: literal}",
                "{type: topic, name: privacy.consent.events.v1.dlq}",
                "{type: topic, name: privacy.acks., patternType: prefix}");
        assertEquals(List.of(), AclRules.topicsExist(List.of(read(yaml))));
    }

    @Test
    void aTopicWithoutKafkaTopicFails() {
        String yaml = production() + "---\n" + user("{type: topic, name: privacy.purpose.v1, patternType: literal}");
        assertEquals(List.of("KafkaUser consent-service: topic privacy.purpose.v1 has no KafkaTopic"),
                AclRules.topicsExist(List.of(read(yaml))));
    }

    @Test
    void aPrefixThatIsNotPerSystemFails() {
        String yaml = production() + "---\n" + user("{type: topic, name: privacy., patternType: prefix}");
        assertEquals(List.of("KafkaUser consent-service: topic prefix privacy. is not a per-system prefix [privacy.acks., privacy.directives.]"),
                AclRules.topicsExist(List.of(read(yaml))));
    }

    @Test
    void topicsOfAnotherManifestSetCount() {
        String userOnly = user("{type: topic, name: privacy.consent.state.v1, patternType: literal}");
        assertEquals(List.of("KafkaUser consent-service: topic privacy.consent.state.v1 has no KafkaTopic"),
                AclRules.topicsExist(List.of(read(userOnly))));
        assertEquals(List.of(), AclRules.topicsExist(List.of(read(userOnly), read(production()))));
    }
}
