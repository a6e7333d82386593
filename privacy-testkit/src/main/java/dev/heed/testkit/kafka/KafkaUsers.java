package dev.heed.testkit.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Gives a test broker what {@code deploy/k8s} gives the Strimzi cluster: the topics of the
 * {@code KafkaTopic} resources, and for each {@code KafkaUser} a SCRAM-SHA-512 credential and
 * exactly the ACLs of its {@code spec.authorization.acls} (an ACL that is no longer in the file is
 * removed). Tests then connect as a service's user, so a service that starts using a topic or a
 * group its user may not touch fails its tests, as it would fail in Kubernetes.
 *
 * <p>The files are found by walking up from the working directory to the repository root.
 */
public final class KafkaUsers {

    public static final String SERVICE_USERS = "deploy/k8s/base/kafka/users";
    public static final String TOPICS = "deploy/k8s/base/kafka/topics";
    public static final String ONBOARDING = "deploy/k8s/onboarding/downstream-system.yaml";
    /** The placeholder the onboarding template's users replace with their system id. */
    public static final String SYSTEM_ID = "SYSTEM_ID";

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final long TIMEOUT_SECONDS = 30;
    private static final int SCRAM_ITERATIONS = 4096;

    /** One KafkaUser: its name (the principal {@code User:<name>}) and the ACLs Strimzi would create. */
    public record User(String name, List<AclBinding> acls) {

        public User {
            acls = List.copyOf(acls);
        }

        /** The same user under another name without one of its ACLs, to see the broker refuse what it allowed. */
        public User without(AclBinding withheld, String otherName) {
            List<AclBinding> kept = new ArrayList<>();
            for (AclBinding acl : acls) {
                if (!acl.equals(withheld)) {
                    kept.add(new AclBinding(acl.pattern(), new AccessControlEntry(principal(otherName),
                            acl.entry().host(), acl.entry().operation(), acl.entry().permissionType())));
                }
            }
            if (kept.size() == acls.size()) {
                throw new IllegalArgumentException(name + " has no ACL " + withheld);
            }
            return new User(otherName, kept);
        }
    }

    /** One KafkaTopic, created on a one-broker test cluster with a single replica. */
    public record Topic(String name, int partitions, Map<String, String> config) {
    }

    private final Path root;

    private KafkaUsers(Path root) {
        this.root = root;
    }

    /** The repository this test runs in: the first directory up from the working directory that holds deploy/k8s. */
    public static KafkaUsers ofRepository() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path at = dir; at != null; at = at.getParent()) {
            if (Files.isDirectory(at.resolve(SERVICE_USERS))) {
                return new KafkaUsers(at);
            }
        }
        throw new IllegalStateException("no " + SERVICE_USERS + " in " + dir + " or above it");
    }

    /** The password of a user's SCRAM credential on a test broker. */
    public static String password(String user) {
        return "heed-test-" + user;
    }

    /** Client settings ({@code bootstrap.servers}, {@code security.protocol}, SASL) to connect as {@code user}. */
    public static Map<String, String> clientSettings(String saslBootstrapServers, String user) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", saslBootstrapServers);
        settings.put("security.protocol", "SASL_PLAINTEXT");
        settings.put("sasl.mechanism", "SCRAM-SHA-512");
        settings.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password(user) + "\";");
        return settings;
    }

    public static AccessControlEntry allow(String user, AclOperation operation) {
        return new AccessControlEntry(principal(user), "*", operation, AclPermissionType.ALLOW);
    }

    /** Topics and service users of deploy/k8s/base/kafka, as a deployment creates them before the services start. */
    public void provision(Admin admin) {
        create(admin, topics(documents(root.resolve(TOPICS))));
        for (User user : serviceUsers()) {
            apply(admin, user);
        }
    }

    /** The onboarding template instantiated for one system: its topics, its user and that user's ACLs. */
    public void onboard(Admin admin, String systemId) {
        List<JsonNode> docs = onboardingDocuments(systemId);
        create(admin, topics(docs));
        for (User user : users(docs)) {
            apply(admin, user);
        }
    }

    public List<User> serviceUsers() {
        return users(documents(root.resolve(SERVICE_USERS)));
    }

    public User serviceUser(String name) {
        return serviceUsers().stream().filter(u -> u.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no KafkaUser " + name + " in " + SERVICE_USERS));
    }

    public User onboardingUser(String systemId) {
        return users(onboardingDocuments(systemId)).get(0);
    }

    /** Gives the user its SCRAM credential and exactly its ACLs; applying the same user again changes nothing. */
    public static void apply(Admin admin, User user) {
        ScramCredentialInfo scram = new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS);
        await(admin.alterUserScramCredentials(List.of(
                new UserScramCredentialUpsertion(user.name(), scram, password(user.name())))).all());
        AclBindingFilter own = new AclBindingFilter(ResourcePatternFilter.ANY,
                new AccessControlEntryFilter(principal(user.name()), null, AclOperation.ANY, AclPermissionType.ANY));
        Collection<AclBinding> present = await(admin.describeAcls(own).values());
        List<AclBindingFilter> stale = present.stream().filter(acl -> !user.acls().contains(acl))
                .map(AclBinding::toFilter).toList();
        if (!stale.isEmpty()) {
            await(admin.deleteAcls(stale).all());
        }
        List<AclBinding> missing = user.acls().stream().filter(acl -> !present.contains(acl)).toList();
        if (!missing.isEmpty()) {
            await(admin.createAcls(missing).all());
        }
    }

    private List<JsonNode> onboardingDocuments(String systemId) {
        try {
            String template = Files.readString(root.resolve(ONBOARDING));
            return parse(template.replace(SYSTEM_ID, systemId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void create(Admin admin, List<Topic> topics) {
        try {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name()))
                    .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.config())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            // Another JVM sharing the broker created one first.
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create the KafkaTopics' topics", e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not create the KafkaTopics' topics in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<Topic> topics(List<JsonNode> docs) {
        List<Topic> topics = new ArrayList<>();
        for (JsonNode doc : docs) {
            if (!"KafkaTopic".equals(doc.path("kind").asText())) {
                continue;
            }
            JsonNode spec = doc.path("spec");
            Map<String, String> config = new HashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = spec.path("config").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                config.put(field.getKey(), field.getValue().asText());
            }
            // One broker: as the single-broker component patches it.
            config.put("min.insync.replicas", "1");
            topics.add(new Topic(spec.path("topicName").asText(doc.path("metadata").path("name").asText()),
                    spec.path("partitions").asInt(1), config));
        }
        return topics;
    }

    static List<User> users(List<JsonNode> docs) {
        List<User> users = new ArrayList<>();
        for (JsonNode doc : docs) {
            if (!"KafkaUser".equals(doc.path("kind").asText())) {
                continue;
            }
            String name = doc.path("metadata").path("name").asText();
            JsonNode authorization = doc.path("spec").path("authorization");
            if (!"simple".equals(authorization.path("type").asText())) {
                throw new IllegalArgumentException("KafkaUser " + name + ": only simple authorization is supported");
            }
            List<AclBinding> acls = new ArrayList<>();
            for (JsonNode rule : authorization.path("acls")) {
                acls.addAll(bindings(name, rule));
            }
            users.add(new User(name, acls));
        }
        return users;
    }

    /** One Strimzi ACL rule as the AclBindings the User Operator creates for it. */
    private static List<AclBinding> bindings(String user, JsonNode rule) {
        JsonNode resource = rule.path("resource");
        ResourceType type = switch (resource.path("type").asText()) {
            case "topic" -> ResourceType.TOPIC;
            case "group" -> ResourceType.GROUP;
            case "cluster" -> ResourceType.CLUSTER;
            case "transactionalId" -> ResourceType.TRANSACTIONAL_ID;
            default -> throw new IllegalArgumentException("KafkaUser " + user + ": unknown resource type "
                    + resource.path("type"));
        };
        String resourceName = type == ResourceType.CLUSTER ? "kafka-cluster" : resource.path("name").asText();
        PatternType pattern = switch (resource.path("patternType").asText("literal")) {
            case "literal" -> PatternType.LITERAL;
            case "prefix" -> PatternType.PREFIXED;
            default -> throw new IllegalArgumentException("KafkaUser " + user + ": unknown patternType "
                    + resource.path("patternType"));
        };
        AclPermissionType permission = "deny".equals(rule.path("type").asText("allow"))
                ? AclPermissionType.DENY : AclPermissionType.ALLOW;
        List<String> operations = new ArrayList<>();
        rule.path("operations").forEach(op -> operations.add(op.asText()));
        Optional.ofNullable(rule.get("operation")).ifPresent(op -> operations.add(op.asText()));
        if (operations.isEmpty()) {
            throw new IllegalArgumentException("KafkaUser " + user + ": an ACL rule without operations");
        }
        ResourcePattern on = new ResourcePattern(type, resourceName, pattern);
        return operations.stream().map(op -> new AclBinding(on, new AccessControlEntry(principal(user),
                rule.path("host").asText("*"), operation(user, op), permission))).toList();
    }

    /** Strimzi spells operations in camel case (IdempotentWrite), Kafka in upper snake case. */
    private static AclOperation operation(String user, String strimzi) {
        AclOperation operation = AclOperation.fromString(
                strimzi.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
        if (operation == AclOperation.UNKNOWN || operation == AclOperation.ANY) {
            throw new IllegalArgumentException("KafkaUser " + user + ": unknown operation " + strimzi);
        }
        return operation;
    }

    private static String principal(String user) {
        return "User:" + user;
    }

    private static List<JsonNode> documents(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<JsonNode> docs = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                docs.addAll(parse(Files.readString(file)));
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> parse(String yaml) throws IOException {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            return docs.readAll().stream().filter(doc -> doc != null && doc.has("kind")).toList();
        }
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the broker refused: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
