package dev.heed.retention.catalogue;

import dev.heed.platform.PlatformConfig;
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
 * This replica's view of the purpose catalogue (compacted {@code privacy.purposes.v1}, latest
 * version per purpose). It is the authority on which data categories exist: a category is known
 * when some purpose processes it.
 */
@Singleton
public class PurposeCatalogueView {

    private final CompactedTopicView<Purpose> view;

    PurposeCatalogueView(KafkaClients kafka, PlatformConfig config) {
        this.view = new CompactedTopicView<>("purposes", Topics.PURPOSES, kafka.consumer(config.service() + "-purposes"),
                PurposeCatalogueView::decode);
    }

    void start(@Observes StartupEvent event) {
        view.start();
    }

    void stop(@Observes ShutdownEvent event) {
        view.close();
    }

    public boolean isReady() {
        return view.isReady();
    }

    public int size() {
        return view.snapshot().size();
    }

    /** @throws CatalogueNotReadyException while catching up: a category not read yet would be refused */
    public boolean knowsCategory(String dataCategory) {
        requireReady();
        return view.snapshot().values().stream().anyMatch(purpose -> purpose.dataCategories().contains(dataCategory));
    }

    /** @throws CatalogueNotReadyException while catching up */
    public Optional<Purpose> purpose(String purposeId) {
        requireReady();
        return view.get(purposeId);
    }

    private void requireReady() {
        if (!isReady()) {
            throw new CatalogueNotReadyException();
        }
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
