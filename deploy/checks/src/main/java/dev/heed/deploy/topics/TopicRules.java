package dev.heed.deploy.topics;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.TopicConfig;

import dev.heed.deploy.model.ManifestValidation;
import dev.heed.events.Topics;

import io.strimzi.api.kafka.model.topic.KafkaTopic;

/**
 * The topics of the Java contract ({@link Topics}) against the KafkaTopics: each exactly once,
 * nothing the contract does not name, the cleanup policy the contract says, and the replication
 * the overlay promises.
 */
public final class TopicRules {

    private static final String CLEANUP_POLICY = "cleanup.policy";
    private static final String MIN_INSYNC_REPLICAS = "min.insync.replicas";

    private TopicRules() {
    }

    /** The Kafka topic name a KafkaTopic creates: spec.topicName, else metadata.name. */
    public static String topicName(KafkaTopic topic) {
        return topic.getSpec() != null && topic.getSpec().getTopicName() != null
                ? topic.getSpec().getTopicName() : topic.getMetadata().getName();
    }

    /** The per-system topics the onboarding template must create for one system. */
    public static Set<String> perSystem(String systemId) {
        return new LinkedHashSet<>(List.of(Topics.directives(systemId), Topics.acks(systemId),
                Topics.dlq(Topics.directives(systemId))));
    }

    /**
     * Every fixed topic exactly once in the overlay and every per-system topic exactly once in the
     * template instantiated for {@code systemId}; dead-letter topics only for a contract topic.
     */
    public static List<String> contract(ManifestValidation.Result overlay, ManifestValidation.Result template, String systemId) {
        List<String> violations = new ArrayList<>();
        Map<String, Long> inOverlay = count(overlay.ofKind(KafkaTopic.class));
        for (String topic : new TreeSet<>(Topics.fixed())) {
            long n = inOverlay.getOrDefault(topic, 0L);
            if (n != 1) {
                violations.add("topic " + topic + " (Topics.fixed()): " + n + " KafkaTopics in the overlay, expected exactly 1");
            }
        }
        inOverlay.forEach((topic, n) -> {
            if (!Topics.fixed().contains(topic) && !isDeadLetterOf(topic, Topics.fixed())) {
                violations.add("KafkaTopic for " + topic + " in the overlay: not a topic of the Java contract (Topics.fixed() or its .dlq)");
            } else if (isDeadLetterOf(topic, Topics.fixed()) && n != 1) {
                violations.add("topic " + topic + ": " + n + " KafkaTopics in the overlay, expected exactly 1");
            }
        });
        Set<String> perSystem = perSystem(systemId);
        Set<String> allowedPerSystem = new LinkedHashSet<>(perSystem);
        allowedPerSystem.add(Topics.dlq(Topics.acks(systemId)));
        Map<String, Long> inTemplate = count(template.ofKind(KafkaTopic.class));
        for (String topic : perSystem) {
            long n = inTemplate.getOrDefault(topic, 0L);
            if (n != 1) {
                violations.add("topic " + topic + " (per-system channel for " + systemId + "): " + n
                        + " KafkaTopics in the onboarding template, expected exactly 1");
            }
        }
        inTemplate.forEach((topic, n) -> {
            if (!allowedPerSystem.contains(topic)) {
                violations.add("KafkaTopic for " + topic + " in the onboarding template: not a per-system channel of " + systemId);
            } else if (n != 1 && !perSystem.contains(topic)) {
                violations.add("topic " + topic + ": " + n + " KafkaTopics in the onboarding template, expected exactly 1");
            }
        });
        for (String topic : allowedPerSystem) {
            if (inOverlay.containsKey(topic)) {
                violations.add("topic " + topic + " is in the overlay as well as in the onboarding template");
            }
        }
        return violations;
    }

    /** Compacted topics (Topics.compacted()) compact, every other topic deletes; stated explicitly. */
    public static List<String> cleanupPolicies(ManifestValidation.Result manifests) {
        List<String> violations = new ArrayList<>();
        for (KafkaTopic topic : manifests.ofKind(KafkaTopic.class)) {
            String name = topicName(topic);
            String expected = Topics.compacted().contains(name) ? "compact" : "delete";
            String actual = config(topic, CLEANUP_POLICY);
            if (!expected.equals(actual)) {
                violations.add("KafkaTopic " + name + ": " + CLEANUP_POLICY + " " + actual + ", expected " + expected);
            }
        }
        return violations;
    }

    /** Every KafkaTopic has {@code replicas} replicas and min.insync.replicas {@code minInSync}. */
    public static List<String> replication(ManifestValidation.Result manifests, int replicas, int minInSync) {
        List<String> violations = new ArrayList<>();
        for (KafkaTopic topic : manifests.ofKind(KafkaTopic.class)) {
            String name = topicName(topic);
            Integer actualReplicas = topic.getSpec() == null ? null : topic.getSpec().getReplicas();
            if (actualReplicas == null || actualReplicas != replicas) {
                violations.add("KafkaTopic " + name + ": replicas " + actualReplicas + ", expected " + replicas);
            }
            String actualMin = config(topic, MIN_INSYNC_REPLICAS);
            if (!String.valueOf(minInSync).equals(actualMin)) {
                violations.add("KafkaTopic " + name + ": " + MIN_INSYNC_REPLICAS + " " + actualMin + ", expected " + minInSync);
            }
        }
        return violations;
    }

    /**
     * Every key of every KafkaTopic's config is a topic-level setting of the Kafka the services use
     * (kafka-clients' TopicConfig): Strimzi passes the map on unchecked, so a misspelt key would be
     * rejected by the topic operator at run time, or worse, be a different setting than intended.
     */
    public static List<String> configKeys(ManifestValidation.Result manifests) {
        Set<String> known = topicConfigKeys();
        List<String> violations = new ArrayList<>();
        for (KafkaTopic topic : manifests.ofKind(KafkaTopic.class)) {
            if (topic.getSpec() == null || topic.getSpec().getConfig() == null) {
                continue;
            }
            for (String key : new TreeSet<>(topic.getSpec().getConfig().keySet())) {
                if (!known.contains(key)) {
                    violations.add("KafkaTopic " + topicName(topic) + ": config " + key + " is not a Kafka topic setting");
                }
            }
        }
        return violations;
    }

    private static Set<String> topicConfigKeys() {
        Set<String> keys = new TreeSet<>();
        for (Field field : TopicConfig.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class && field.getName().endsWith("_CONFIG")) {
                try {
                    keys.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return keys;
    }

    private static boolean isDeadLetterOf(String topic, Set<String> sources) {
        return sources.stream().map(Topics::dlq).anyMatch(topic::equals);
    }

    private static Map<String, Long> count(List<KafkaTopic> topics) {
        return topics.stream().collect(Collectors.groupingBy(TopicRules::topicName, TreeMap::new, Collectors.counting()));
    }

    private static String config(KafkaTopic topic, String key) {
        if (topic.getSpec() == null || topic.getSpec().getConfig() == null) {
            return null;
        }
        Object value = topic.getSpec().getConfig().get(key);
        return value == null ? null : String.valueOf(value);
    }
}
