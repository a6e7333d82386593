package dev.heed.directives;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads every system's acknowledgements through the SmallRye Kafka connector with a topic
 * pattern ({@code privacy\.acks\..+\.v1}): a consumer group per issuing service shares the
 * partitions among its replicas, new systems' topics are picked up by metadata refresh, offsets
 * are committed only after the transaction that applied a record, and the channel's health
 * joins the service's. The library ships the channel's configuration (channel
 * {@value #CHANNEL}), so services configure nothing.
 */
@ApplicationScoped
class AcknowledgementConsumer {

    public static final String CHANNEL = "heed-directive-acks";

    private final Acknowledgements acknowledgements;

    AcknowledgementConsumer(Acknowledgements acknowledgements) {
        this.acknowledgements = acknowledgements;
    }

    @Incoming(CHANNEL)
    public Uni<Void> receive(ConsumerRecord<String, byte[]> record) {
        // A database hiccup is retried here; if it persists the channel fails and health reports it.
        return acknowledgements.apply(record)
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5)
                .replaceWithVoid();
    }
}
