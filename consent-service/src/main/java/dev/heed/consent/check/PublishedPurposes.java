package dev.heed.consent.check;

import dev.heed.platform.kafka.KafkaClients;
import dev.heed.platform.view.ReplicaView;
import dev.heed.events.EventType;
import dev.heed.events.Topics;
import dev.heed.events.purpose.Purpose;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * This replica's view of the purpose catalogue (compacted {@code privacy.purposes.v1}): the
 * latest version of every purpose, which a check needs for the legal basis and for renewal. It
 * follows the catalogue that any replica publishes.
 */
@Singleton
public class PublishedPurposes extends ReplicaView<Purpose> {

    PublishedPurposes(KafkaClients kafka) {
        super("purposes", Topics.PURPOSES, kafka.consumer("consent-service-purposes"), EventType.PURPOSE_PUBLISHED,
                Purpose.class, Purpose::id);
    }

    /** The latest version this replica has read; a purpose published a moment ago may not be here yet. */
    Optional<Purpose> latest(String purposeId) {
        return get(purposeId);
    }
}
