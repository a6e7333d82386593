package dev.heed.testkit.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.awaitility.Awaitility.await;

import dev.heed.events.Topics;
import dev.heed.testkit.HeedInfra;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The test broker's SCRAM listener enforces the ACLs of deploy/k8s's KafkaUser resources, and only those. */
class KafkaUsersTest {

    private static final HeedInfra INFRA = HeedInfra.get();
    private static final KafkaUsers DEPLOY = KafkaUsers.ofRepository();
    private static Admin admin;

    @BeforeAll
    static void admin() {
        admin = Admin.create(Map.of("bootstrap.servers", INFRA.kafkaBootstrapServers()));
    }

    @AfterAll
    static void close() {
        admin.close();
    }

    @Test
    void eachServiceUserHasExactlyTheAclsOfItsKafkaUserAfterAnotherProvisioning() throws Exception {
        DEPLOY.provision(admin);
        for (KafkaUsers.User user : DEPLOY.serviceUsers()) {
            assertEquals(new HashSet<>(user.acls()), new HashSet<>(aclsOf(user.name())), user.name());
        }
        assertEquals(Set.of("consent-service", "dsr-service", "audit-service", "retention-service"),
                DEPLOY.serviceUsers().stream().map(KafkaUsers.User::name).collect(Collectors.toSet()));
    }

    @Test
    void aUserReadsATopicItsAclAllowsAndIsRefusedOnceThatAclIsWithheld() throws Exception {
        String key = UUID.randomUUID().toString();
        try (KafkaProducer<String, String> tooling = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, INFRA.kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            tooling.send(new ProducerRecord<>(Topics.DSR_EVENTS, key, "{}")).get();
        }
        KafkaUsers.User consent = DEPLOY.serviceUser("consent-service");
        try (KafkaConsumer<String, String> reader = consumerAs(consent.name(), null)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> readAll(reader, Topics.DSR_EVENTS).contains(key));
        }

        AclBinding readDsrEvents = new AclBinding(
                new ResourcePattern(ResourceType.TOPIC, Topics.DSR_EVENTS, PatternType.LITERAL),
                KafkaUsers.allow(consent.name(), AclOperation.READ));
        KafkaUsers.User withheld = consent.without(readDsrEvents, "consent-service-without-dsr-events");
        KafkaUsers.apply(admin, withheld);
        try (KafkaConsumer<String, String> reader = consumerAs(withheld.name(), null)) {
            assertThrows(TopicAuthorizationException.class, () -> readAll(reader, Topics.DSR_EVENTS));
        }
    }

    @Test
    void aServiceMayNotWriteWhatItOnlyReadsNorJoinAnotherServicesGroup() {
        try (KafkaProducer<String, String> producer = producerAs("consent-service")) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>(Topics.DSR_EVENTS, "k", "{}")).get());
            assertInstanceOf(TopicAuthorizationException.class, refused.getCause());
        }
        try (KafkaConsumer<String, String> reader = consumerAs("consent-service", "dsr-service-directive-acks")) {
            reader.subscribe(List.of(Topics.DSR_EVENTS));
            assertThrows(GroupAuthorizationException.class, () -> reader.poll(Duration.ofSeconds(10)));
        }
    }

    @Test
    void anOnboardedSystemAcknowledgesOnlyAsItselfAndReadsTheConsentState() throws Exception {
        DEPLOY.onboard(admin, "sample-system");
        DEPLOY.onboard(admin, "other-system");
        try (KafkaProducer<String, String> producer = producerAs("sample-system")) {
            producer.send(new ProducerRecord<>(Topics.acks("sample-system"), "d", "{}")).get();
            producer.send(new ProducerRecord<>(Topics.dlq(Topics.directives("sample-system")), "d", "{}")).get();
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>(Topics.acks("other-system"), "d", "{}")).get());
            assertInstanceOf(TopicAuthorizationException.class, refused.getCause());
        }
        try (KafkaConsumer<String, String> reader = consumerAs("sample-system", null)) {
            readAll(reader, Topics.CONSENT_STATE);
            readAll(reader, Topics.directives("sample-system"));
            assertThrows(TopicAuthorizationException.class, () -> readAll(reader, Topics.directives("other-system")));
        }
        assertEquals(new HashSet<>(DEPLOY.onboardingUser("sample-system").acls()), new HashSet<>(aclsOf("sample-system")));
    }

    private static List<AclBinding> aclsOf(String user) throws Exception {
        return new ArrayList<>(admin.describeAcls(new AclBindingFilter(ResourcePatternFilter.ANY,
                new AccessControlEntryFilter("User:" + user, null, AclOperation.ANY, AclPermissionType.ANY)))
                .values().get());
    }

    /** The keys of every record of the topic, read from its start without a group. */
    private static List<String> readAll(KafkaConsumer<String, String> reader, String topic) {
        List<TopicPartition> partitions = reader.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        reader.assign(partitions);
        reader.seekToBeginning(partitions);
        List<String> keys = new ArrayList<>();
        for (ConsumerRecord<String, String> record : reader.poll(Duration.ofSeconds(2))) {
            keys.add(record.key());
        }
        return keys;
    }

    private static KafkaConsumer<String, String> consumerAs(String user, String group) {
        Map<String, Object> config = new HashMap<>(INFRA.kafkaSettingsAs(user).orElseThrow());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private static KafkaProducer<String, String> producerAs(String user) {
        Map<String, Object> config = new HashMap<>(INFRA.kafkaSettingsAs(user).orElseThrow());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }
}
