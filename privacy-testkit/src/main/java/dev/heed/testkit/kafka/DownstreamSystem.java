package dev.heed.testkit.kafka;

import dev.heed.events.Application;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.directive.AckOutcome;
import dev.heed.events.directive.DirectiveAcknowledgement;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.registry.SystemRegistration;
import dev.heed.events.registry.SystemStatus;
import dev.heed.events.registry.Transport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
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
 * A downstream system as dsr-service registers it and as it answers: registered on the compacted
 * {@code privacy.systems.v1} for some purposes, with its own directive and acks topics.
 */
public final class DownstreamSystem {

    private final String id;
    private final String bootstrapServers;

    private DownstreamSystem(String id, String bootstrapServers) {
        this.id = id;
        this.bootstrapServers = bootstrapServers;
    }

    /** Onboards a system (its topics) and registers it for the purposes, for stop-processing directives. */
    public static DownstreamSystem register(String bootstrapServers, String name, Set<String> purposes) {
        return register(bootstrapServers, name, purposes, Set.of(DirectiveKind.STOP_PROCESSING));
    }

    /** Onboards a system holding contact data for the purposes, handling {@code kinds} of directives. */
    public static DownstreamSystem register(String bootstrapServers, String name, Set<String> purposes,
            Set<DirectiveKind> kinds) {
        DownstreamSystem system = new DownstreamSystem(name + "-" + UUID.randomUUID().toString().substring(0, 8),
                bootstrapServers);
        system.createTopics();
        SystemRegistration registration = new SystemRegistration(system.id, "System " + system.id,
                "team-" + name, Set.of("contact"), purposes, kinds, Transport.KAFKA, SystemStatus.ACTIVE,
                Instant.now());
        HeedEvent<SystemRegistration> event = HeedEvent.of(EventType.SYSTEM_REGISTERED,
                Application.DSR_SERVICE.source(), Instant.now(), registration);
        system.send(Topics.SYSTEMS, system.id, event);
        return system;
    }

    /** A system registered elsewhere (another test), to answer in its name. */
    public static DownstreamSystem answering(String bootstrapServers, String systemId) {
        return new DownstreamSystem(systemId, bootstrapServers);
    }

    public String id() {
        return id;
    }

    public String directivesTopic() {
        return Topics.directives(id);
    }

    /** Answers a directive on this system's own acks topic. */
    public void acknowledge(UUID directiveId, AckOutcome outcome, long recordsAffected) {
        DirectiveAcknowledgement ack = new DirectiveAcknowledgement(directiveId, id, outcome, recordsAffected, null,
                null, null, Instant.now());
        send(Topics.acks(id), directiveId.toString(),
                HeedEvent.of(EventType.DIRECTIVE_ACKNOWLEDGED, Application.systemSource(id), Instant.now(), ack));
    }

    /** Answers an export directive as done, with where the export was uploaded and its SHA-256 (lower-case hex). */
    public void acknowledgeExport(UUID directiveId, long recordsAffected, String exportReference, String exportSha256) {
        DirectiveAcknowledgement ack = new DirectiveAcknowledgement(directiveId, id, AckOutcome.DONE, recordsAffected,
                null, exportReference, exportSha256, Instant.now());
        send(Topics.acks(id), directiveId.toString(),
                HeedEvent.of(EventType.DIRECTIVE_ACKNOWLEDGED, Application.systemSource(id), Instant.now(), ack));
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

    // Onboarding creates a system's two topics; the fixed ones come from HeedTopics.
    private void createTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(Topics.directives(id), 1, (short) 1),
                    new NewTopic(Topics.acks(id), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
