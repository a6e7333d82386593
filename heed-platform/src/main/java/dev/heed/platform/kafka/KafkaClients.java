package dev.heed.platform.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Settings for the plain Kafka clients this library runs (the outbox relay's producer and the
 * compacted-topic views), taken from the same {@code kafka.*} properties the SmallRye channels
 * use, so a service configures its broker, TLS and SASL once. Services use them too for what
 * SmallRye does not cover (an admin client that creates a system's topics).
 */
@Singleton
public class KafkaClients {

    private final Map<String, Object> common;

    @Inject
    public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> defaults) {
        this.common = Map.copyOf(defaults);
    }

    /** For clients created outside CDI, e.g. a second relay in a test. */
    public static KafkaClients of(Map<String, Object> settings) {
        return new KafkaClients(settings);
    }

    public Map<String, Object> producer(String clientId) {
        Map<String, Object> config = known(ProducerConfig.configNames());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return config;
    }

    public Map<String, Object> consumer(String clientId) {
        Map<String, Object> config = known(ConsumerConfig.configNames());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return config;
    }

    public Map<String, Object> admin(String clientId) {
        Map<String, Object> config = known(AdminClientConfig.configNames());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return config;
    }

    public String bootstrapServers() {
        return String.valueOf(common.get("bootstrap.servers"));
    }

    // The shared map also carries connector and Quarkus keys; a plain client would warn about each.
    private Map<String, Object> known(Set<String> names) {
        Map<String, Object> config = new HashMap<>();
        common.forEach((key, value) -> {
            if (names.contains(key)) {
                config.put(key, value);
            }
        });
        return config;
    }
}
