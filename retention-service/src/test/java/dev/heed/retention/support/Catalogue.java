package dev.heed.retention.support;

import dev.heed.events.Application;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.purpose.LegalBasis;
import dev.heed.events.purpose.Purpose;
import dev.heed.events.registry.SystemRegistration;
import dev.heed.events.registry.SystemStatus;
import dev.heed.events.registry.Transport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What consent-service and dsr-service would publish, written straight to the real broker: a
 * purpose in the catalogue and systems in the registry (with their two topics).
 */
public final class Catalogue {

    private final String bootstrapServers;

    public Catalogue(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Publishes a purpose processing the data categories. */
    public void purpose(String purposeId, Set<String> dataCategories) {
        Purpose purpose = new Purpose(purposeId, 1, "Purpose " + purposeId, "For retention tests", LegalBasis.CONTRACT,
                dataCategories, false, 1, "privacy-admin-1", Instant.now());
        send(Topics.PURPOSES, purposeId, HeedEvent.of(EventType.PURPOSE_PUBLISHED, Application.CONSENT_SERVICE.source(),
                Instant.now(), purpose));
    }

    /** Onboards a system (its topics) holding the data categories for the purpose, handling purges. */
    public void system(String systemId, Set<String> dataCategories, String purposeId) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(Topics.directives(systemId), 1, (short) 1),
                    new NewTopic(Topics.acks(systemId), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        SystemRegistration registration = new SystemRegistration(systemId, "System " + systemId, "team-" + systemId,
                dataCategories, Set.of(purposeId), Set.of(DirectiveKind.PURGE, DirectiveKind.ERASE), Transport.KAFKA,
                SystemStatus.ACTIVE, Instant.now());
        send(Topics.SYSTEMS, systemId, HeedEvent.of(EventType.SYSTEM_REGISTERED, Application.DSR_SERVICE.source(),
                Instant.now(), registration));
    }

    private void send(String topic, String key, HeedEvent<?> event) {
        RecordHeaders headers = new RecordHeaders();
        event.writeHeaders(headers);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, null, key, event.dataBytes(), headers)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
