package dev.heed.directives;

import io.smallrye.mutiny.Uni;
import dev.heed.platform.recovery.ConsumerRecovery;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads every system's acknowledgements through the SmallRye Kafka connector with a topic
 * pattern ({@link dev.heed.events.Topics#ACKS_PATTERN}): a consumer group per issuing service shares the
 * partitions among its replicas, new systems' topics are picked up by metadata refresh, offsets
 * are committed only after the transaction that applied a record, and the channel's health
 * joins the service's. The library ships the channel's configuration (channel
 * {@value #CHANNEL}), so services configure nothing.
 */
@ApplicationScoped
class AcknowledgementConsumer {

    public static final String CHANNEL = "heed-directive-acks";

    private final Acknowledgements acknowledgements;
    private final ConsumerRecovery recovery;

    AcknowledgementConsumer(Acknowledgements acknowledgements, ConsumerRecovery recovery) {
        this.acknowledgements = acknowledgements;
        this.recovery = recovery;
    }

    @Incoming(CHANNEL)
    public Uni<Void> receive(ConsumerRecord<String, byte[]> record) {
        // A database outage stalls the channel (readiness DOWN) until the record applies; it never fails.
        return recovery.untilApplied(CHANNEL, () -> acknowledgements.apply(record)).replaceWithVoid();
    }
}
