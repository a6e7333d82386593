package dev.heed.retention.catalogue;

import dev.heed.platform.PlatformConfig;
import dev.heed.platform.kafka.KafkaClients;
import dev.heed.platform.view.ReplicaView;
import dev.heed.events.EventType;
import dev.heed.events.Topics;
import dev.heed.events.purpose.Purpose;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * This replica's view of the purpose catalogue (compacted {@code privacy.purposes.v1}, latest
 * version per purpose). It is the authority on which data categories exist: a category is known
 * when some purpose processes it.
 */
@Singleton
public class PurposeCatalogueView extends ReplicaView<Purpose> {

    PurposeCatalogueView(KafkaClients kafka, PlatformConfig config) {
        super("purposes", Topics.PURPOSES, kafka.consumer(config.service() + "-purposes"), EventType.PURPOSE_PUBLISHED,
                Purpose.class, Purpose::id);
    }

    /** @throws CatalogueNotReadyException while catching up: a category not read yet would be refused */
    public boolean knowsCategory(String dataCategory) {
        requireReady();
        return values().stream().anyMatch(purpose -> purpose.dataCategories().contains(dataCategory));
    }

    /** @throws CatalogueNotReadyException while catching up */
    public Optional<Purpose> purpose(String purposeId) {
        requireReady();
        return get(purposeId);
    }

    private void requireReady() {
        if (!isReady()) {
            throw new CatalogueNotReadyException();
        }
    }
}
