package dev.heed.testkit.quarkus;

import dev.heed.testkit.HeedInfra;
import dev.heed.testkit.kafka.KafkaUsers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Runs the service under test as a copy of its KafkaUser that lacks one ACL, to prove the broker
 * holds a service to its KafkaUser: what the missing ACL allowed must now fail. Starts after
 * {@link HeedTestResource}, whose Kafka credentials it replaces; use it on one test class only.
 *
 * <pre>{@code
 * @QuarkusTestResource(value = WithheldKafkaAcl.class, restrictToAnnotatedClass = true, initArgs = {
 *         @ResourceArg(name = "kafka-user", value = "consent-service"),
 *         @ResourceArg(name = "acl", value = "topic:privacy.dsr.events.v1:Read") })
 * }</pre>
 */
public class WithheldKafkaAcl implements QuarkusTestResourceLifecycleManager {

    private String user;
    private String acl;

    @Override
    public void init(Map<String, String> initArgs) {
        user = required(initArgs, "kafka-user");
        acl = required(initArgs, "acl");
    }

    @Override
    public Map<String, String> start() {
        String[] parts = acl.split(":", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("acl is <resource type>:<resource name>:<operation>, not " + acl);
        }
        ResourceType type = ResourceType.fromString(parts[0]);
        AclOperation operation = AclOperation.fromString(
                parts[2].replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
        KafkaUsers.User full = KafkaUsers.ofRepository().serviceUser(user);
        AclBinding withheld = full.acls().stream()
                .filter(b -> b.pattern().resourceType() == type && b.pattern().name().equals(parts[1])
                        && b.entry().operation() == operation)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(user + " has no ACL " + acl));
        KafkaUsers.User restricted = full.without(withheld, user + "-restricted");
        HeedInfra infra = HeedInfra.get();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()))) {
            KafkaUsers.apply(admin, restricted);
        }
        Map<String, String> config = new HashMap<>();
        infra.kafkaSettingsAs(restricted.name()).orElseThrow(() -> new IllegalStateException(
                        "the broker has no secured listener to withhold an ACL on"))
                .forEach((key, value) -> config.put("kafka." + key, value));
        return config;
    }

    @Override
    public void stop() {
        // The restricted user is harmless to the other tests: nothing else connects as it.
    }

    @Override
    public int order() {
        return 1; // after HeedTestResource (0), so these credentials are the ones the service gets
    }

    private static String required(Map<String, String> args, String name) {
        String value = args.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("WithheldKafkaAcl needs init argument " + name);
        }
        return value;
    }
}
