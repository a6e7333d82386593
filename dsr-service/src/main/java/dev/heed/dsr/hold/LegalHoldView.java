package dev.heed.dsr.hold;

import dev.heed.platform.PlatformConfig;
import dev.heed.platform.kafka.KafkaClients;
import dev.heed.platform.view.CompactedTopicView;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.InvalidEventException;
import dev.heed.events.Topics;
import dev.heed.events.retention.LegalHold;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * This replica's view of the active legal holds (compacted {@code privacy.legal-holds.v1}, keyed
 * by hold id): retention-service places them, a tombstone releases one.
 */
@Singleton
public class LegalHoldView {

    private final CompactedTopicView<LegalHold> view;

    LegalHoldView(KafkaClients kafka, PlatformConfig config) {
        this.view = new CompactedTopicView<>("legal-holds", Topics.LEGAL_HOLDS,
                kafka.consumer(config.service() + "-legal-holds"), LegalHoldView::decode);
    }

    void start(@Observes StartupEvent event) {
        view.start();
    }

    void stop(@Observes ShutdownEvent event) {
        view.close();
    }

    /** Ready once caught up with the holds as they were at start. */
    public boolean isReady() {
        return view.isReady();
    }

    public int size() {
        return view.snapshot().size();
    }

    public boolean isActive(UUID holdId) {
        return view.get(holdId.toString()).isPresent();
    }

    /**
     * The active holds on a subject's data: those naming the subject and those holding whole data
     * categories for everyone, oldest first.
     *
     * @throws HoldsNotReadyException while the view is catching up: a hold not read yet would let
     *     held data be erased
     */
    public List<LegalHold> holdsOn(String subjectKey) {
        if (!isReady()) {
            throw new HoldsNotReadyException();
        }
        return view.snapshot().values().stream()
                .filter(hold -> hold.subjectKeys().isEmpty() || hold.subjectKeys().contains(subjectKey))
                .sorted(Comparator.comparing(LegalHold::placedAt).thenComparing(LegalHold::holdId))
                .toList();
    }

    private static LegalHold decode(ConsumerRecord<String, byte[]> record) {
        String type = HeedEvent.typeOf(record.headers());
        if (!EventType.RETENTION_HOLD_PLACED.type().equals(type)) {
            throw new InvalidEventException("unexpected type " + type);
        }
        LegalHold hold = HeedEvent.read(record.headers(), record.value(), LegalHold.class).data();
        if (!hold.holdId().toString().equals(record.key())) {
            throw new InvalidEventException("key does not match the hold id");
        }
        return hold;
    }
}
