package dev.heed.consent.erasure;

import dev.heed.consent.deadletter.DeadLetters;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.InvalidEventException;
import dev.heed.events.dsr.SubjectErased;
import dev.heed.platform.recovery.ConsumerRecovery;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads dsr-service's request facts ({@code privacy.dsr.events.v1}, consumer group
 * {@code consent-service}) and applies {@code dev.heed.dsr.subject-erased.v1}; every other type is
 * skipped. Applying is idempotent, so a redelivered record changes nothing. A record that is not a
 * well-formed erasure goes to {@code privacy.dsr.events.v1.dlq} through the outbox and is skipped.
 */
@ApplicationScoped
public class SubjectErasedConsumer {

    public static final String CHANNEL = "dsr-events";
    private static final Logger LOG = Logger.getLogger(SubjectErasedConsumer.class);

    private final ErasedSubjects erasedSubjects;
    private final DeadLetters deadLetters;
    private final ConsumerRecovery recovery;

    SubjectErasedConsumer(ErasedSubjects erasedSubjects, DeadLetters deadLetters, ConsumerRecovery recovery) {
        this.erasedSubjects = erasedSubjects;
        this.deadLetters = deadLetters;
        this.recovery = recovery;
    }

    @Incoming(CHANNEL)
    public Uni<Void> receive(ConsumerRecord<String, byte[]> record) {
        // A database outage stalls the channel (readiness DOWN) until the record applies; it never fails.
        return recovery.untilApplied(CHANNEL, () -> apply(record));
    }

    private Uni<Void> apply(ConsumerRecord<String, byte[]> record) {
        if (!EventType.DSR_SUBJECT_ERASED.type().equals(HeedEvent.typeOf(record.headers()))) {
            return Uni.createFrom().voidItem();
        }
        SubjectErased erasure;
        try {
            erasure = HeedEvent.read(record.headers(), record.value(), SubjectErased.class).data();
        } catch (InvalidEventException e) {
            return deadLetters.send(record, EventType.DSR_SUBJECT_ERASED.type(), e.getMessage());
        }
        if (!erasure.subjectKey().equals(record.key())) {
            return deadLetters.send(record, EventType.DSR_SUBJECT_ERASED.type(),
                    "the record key is not the subject key");
        }
        return erasedSubjects.erase(erasure)
                .invoke(erased -> LOG.infof("subject erased by request %s%s", erasure.requestId(),
                        erased ? "" : " (already recorded)"))
                .replaceWithVoid();
    }
}
