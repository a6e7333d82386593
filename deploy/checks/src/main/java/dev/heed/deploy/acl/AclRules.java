package dev.heed.deploy.acl;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.heed.deploy.model.ManifestValidation;
import dev.heed.deploy.topics.TopicRules;
import dev.heed.events.Topics;

import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;

/**
 * A KafkaUser's topic ACLs may name only topics that exist as KafkaTopics (literal) or the
 * per-system prefixes of the contract: a grant on anything else is either a typo (the service
 * fails at run time) or a privilege nobody meant to give.
 */
public final class AclRules {

    /** The part of each per-system channel before {systemId}: privacy.directives. and privacy.acks. */
    public static final Set<String> PER_SYSTEM_PREFIXES = Set.of(
            Topics.DIRECTIVES_CHANNEL.substring(0, Topics.DIRECTIVES_CHANNEL.indexOf('{')),
            Topics.ACKS_CHANNEL.substring(0, Topics.ACKS_CHANNEL.indexOf('{')));

    private AclRules() {
    }

    /**
     * Checks the KafkaUsers of every given set against the KafkaTopics of all of them together
     * (an onboarded system's user reads a topic the overlay creates).
     */
    public static List<String> topicsExist(List<ManifestValidation.Result> manifests) {
        Set<String> topics = new TreeSet<>();
        List<KafkaUser> users = new ArrayList<>();
        for (ManifestValidation.Result result : manifests) {
            result.ofKind(KafkaTopic.class).stream().map(TopicRules::topicName).forEach(topics::add);
            users.addAll(result.ofKind(KafkaUser.class));
        }
        List<String> violations = new ArrayList<>();
        for (KafkaUser user : users) {
            String name = "KafkaUser " + user.getMetadata().getName();
            if (user.getSpec() == null || !(user.getSpec().getAuthorization() instanceof KafkaUserAuthorizationSimple simple)) {
                violations.add(name + ": no simple authorization (ACLs)");
                continue;
            }
            List<AclRule> acls = simple.getAcls() == null ? List.of() : simple.getAcls();
            for (AclRule acl : acls) {
                if (!(acl.getResource() instanceof AclRuleTopicResource topic)) {
                    continue;
                }
                boolean prefix = topic.getPatternType() == AclResourcePatternType.PREFIX;
                if (prefix && !PER_SYSTEM_PREFIXES.contains(topic.getName())) {
                    violations.add(name + ": topic prefix " + topic.getName() + " is not a per-system prefix "
                            + new TreeSet<>(PER_SYSTEM_PREFIXES));
                } else if (!prefix && !topics.contains(topic.getName())) {
                    violations.add(name + ": topic " + topic.getName() + " has no KafkaTopic");
                }
            }
        }
        return violations;
    }
}
