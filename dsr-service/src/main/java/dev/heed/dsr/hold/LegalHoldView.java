package dev.heed.dsr.hold;

import dev.heed.platform.PlatformConfig;
import dev.heed.platform.kafka.KafkaClients;
import dev.heed.platform.view.ReplicaView;
import dev.heed.events.EventType;
import dev.heed.events.Topics;
import dev.heed.events.retention.LegalHold;
import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * This replica's view of the active legal holds (compacted {@code privacy.legal-holds.v1}, keyed
 * by hold id): retention-service places them, a tombstone releases one.
 */
@Singleton
public class LegalHoldView extends ReplicaView<LegalHold> {

    LegalHoldView(KafkaClients kafka, PlatformConfig config) {
        super("legal-holds", Topics.LEGAL_HOLDS, kafka.consumer(config.service() + "-legal-holds"),
                EventType.RETENTION_HOLD_PLACED, LegalHold.class, hold -> hold.holdId().toString());
    }

    public boolean isActive(UUID holdId) {
        return get(holdId.toString()).isPresent();
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
        return values().stream()
                .filter(hold -> hold.subjectKeys().isEmpty() || hold.subjectKeys().contains(subjectKey))
                .sorted(Comparator.comparing(LegalHold::placedAt).thenComparing(LegalHold::holdId))
                .toList();
    }
}
