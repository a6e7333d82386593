package dev.heed.directives.support;

import dev.heed.testkit.kafka.TestTopics;
import dev.heed.events.Application;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.registry.SystemRegistration;
import dev.heed.events.registry.SystemStatus;
import dev.heed.events.registry.Transport;
import dev.heed.testkit.HeedInfra;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Registers systems on the compacted registry topic, as dsr-service would. */
public final class SystemRegistry {

    private SystemRegistry() {
    }

    public static SystemRegistration active(String systemId, Set<String> categories, Set<String> purposes,
            Set<DirectiveKind> kinds) {
        return new SystemRegistration(systemId, "System " + systemId, "team-" + systemId, categories, purposes,
                kinds, Transport.KAFKA, SystemStatus.ACTIVE, Instant.now());
    }

    public static void publish(SystemRegistration registration) {
        HeedEvent<SystemRegistration> event = HeedEvent.of(EventType.SYSTEM_REGISTERED,
                Application.DSR_SERVICE.source(), Instant.now(), registration);
        RecordHeaders headers = new RecordHeaders();
        event.writeHeaders(headers);
        send(new ProducerRecord<>(Topics.SYSTEMS, null, registration.systemId(), event.dataBytes(), headers));
    }

    public static void tombstone(String systemId) {
        send(new ProducerRecord<>(Topics.SYSTEMS, systemId, null));
    }

    private static void send(ProducerRecord<String, byte[]> record) {
        TestTopics.createCompacted(Topics.SYSTEMS);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, HeedInfra.get().kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
