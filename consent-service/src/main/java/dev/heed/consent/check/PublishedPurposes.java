package dev.heed.consent.check;

import dev.heed.platform.kafka.KafkaClients;
import dev.heed.platform.view.CompactedTopicView;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.InvalidEventException;
import dev.heed.events.Topics;
import dev.heed.events.purpose.Purpose;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * This replica's view of the purpose catalogue (compacted {@code privacy.purposes.v1}): the
 * latest version of every purpose, which a check needs for the legal basis and for renewal. It
 * follows the catalogue that any replica publishes.
 */
@Singleton
public class PublishedPurposes {

    private final CompactedTopicView<Purpose> view;

    PublishedPurposes(KafkaClients kafka) {
        this.view = new CompactedTopicView<>("purposes", Topics.PURPOSES, kafka.consumer("consent-service-purposes"),
                PublishedPurposes::decode);
    }

    void start(@Observes StartupEvent event) {
        view.start();
    }

    void stop(@Observes ShutdownEvent event) {
        view.close();
    }

    boolean isReady() {
        return view.isReady();
    }

    /** The latest version this replica has read; a purpose published a moment ago may not be here yet. */
    Optional<Purpose> latest(String purposeId) {
        return view.get(purposeId);
    }

    int size() {
        return view.snapshot().size();
    }

    private static Purpose decode(ConsumerRecord<String, byte[]> record) {
        String type = HeedEvent.typeOf(record.headers());
        if (!EventType.PURPOSE_PUBLISHED.type().equals(type)) {
            throw new InvalidEventException("unexpected type " + type);
        }
        Purpose purpose = HeedEvent.read(record.headers(), record.value(), Purpose.class).data();
        if (!purpose.id().equals(record.key())) {
            throw new InvalidEventException("key does not match the purpose id");
        }
        return purpose;
    }
}
