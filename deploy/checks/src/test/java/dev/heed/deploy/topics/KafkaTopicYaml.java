package dev.heed.deploy.topics;

import java.util.List;
import java.util.stream.Collectors;

import dev.heed.deploy.model.ManifestValidation;
import dev.heed.deploy.model.Manifests;
import dev.heed.events.Topics;

/** Small, valid KafkaTopic documents for the rule tests. */
public final class KafkaTopicYaml {

    private KafkaTopicYaml() {
    }

    public static String topic(String name, int replicas, int minInSync, String cleanup) {
        return """
                apiVersion: kafka.strimzi.io/v1
                kind: KafkaTopic
                metadata: {name: %s, labels: {strimzi.io/cluster: heed}}
                spec:
                  partitions: 3
                  replicas: %d
                  config: {cleanup.policy: %s, min.insync.replicas: %d}
                """.formatted(name, replicas, cleanup, minInSync);
    }

    /** Every fixed topic plus one dead-letter topic, as production wants them. */
    public static String production() {
        return Topics.fixed().stream()
                .map(t -> topic(t, 3, 2, Topics.compacted().contains(t) ? "compact" : "delete"))
                .collect(Collectors.joining("---\n"))
                + "---\n" + topic(Topics.dlq(Topics.CONSENT_EVENTS), 3, 2, "delete");
    }

    /** The onboarding template's topics for one system. */
    public static String template(String systemId) {
        return List.of(Topics.directives(systemId), Topics.acks(systemId), Topics.dlq(Topics.directives(systemId)))
                .stream().map(t -> topic(t, 3, 2, "delete")).collect(Collectors.joining("---\n"));
    }

    public static ManifestValidation.Result read(String yaml) {
        ManifestValidation.Result result = ManifestValidation.validate(Manifests.parse(yaml));
        if (!result.violations().isEmpty()) {
            throw new AssertionError("the test input itself must be valid: " + result.violations());
        }
        return result;
    }
}
