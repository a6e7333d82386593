package dev.heed.platform.outbox;

import dev.heed.platform.PlatformConfig;
import dev.heed.platform.PlatformConfig.RelaySettings;
import dev.heed.platform.kafka.KafkaClients;
import dev.heed.platform.leadership.Leadership;
import dev.heed.platform.leadership.ServiceLeadership;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The replica's outbox relay: it relays while this replica holds the leadership. */
@ApplicationScoped
public class ServiceOutboxRelay {

    @Produces
    @Singleton
    OutboxRelay relay(Leadership leadership, KafkaClients kafka, Clock clock, RelayFaultPoint faults,
            @Any Instance<OutboxDeliveryObserver> observers, PlatformConfig config) {
        RelaySettings relay = config.relay();
        return new OutboxRelay(config.service(), leadership,
                producers(kafka, config.service() + "-outbox-relay", relay.deliveryTimeout()), clock, faults,
                observers.stream().toList(), relay.batchSize(), relay.pollInterval(), relay.retryBackoff(),
                relay.deliveryTimeout().plusSeconds(5));
    }

    void start(@Observes @Priority(ServiceLeadership.STARTED + 1) StartupEvent event, OutboxRelay relay,
            PlatformConfig config) {
        if (config.relay().enabled()) {
            relay.start();
        }
    }

    // Before the leadership closes, so the relay stops rather than fail on a closed connection.
    void stop(@Observes @Priority(1) ShutdownEvent event, OutboxRelay relay) {
        relay.close();
    }

    /**
     * Producers as the relay needs them: every record acknowledged by all in-sync replicas, and
     * idempotent, so retries neither duplicate nor reorder a partition's records.
     */
    public static Supplier<Producer<String, byte[]>> producers(KafkaClients kafka, String clientId,
            Duration deliveryTimeout) {
        return () -> {
            Map<String, Object> config = kafka.producer(clientId);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
            config.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
            config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            int delivery = (int) Math.max(2_000, deliveryTimeout.toMillis());
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, delivery);
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(30_000, delivery / 2));
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(60_000, delivery));
            return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        };
    }
}
