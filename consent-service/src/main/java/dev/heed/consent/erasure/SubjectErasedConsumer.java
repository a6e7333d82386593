package dev.heed.consent.erasure;

import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.dsr.SubjectErased;
import dev.heed.platform.consumer.DeadLetters;
import dev.heed.platform.consumer.EventConsumer;
import dev.heed.platform.recovery.ConsumerRecovery;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
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
public class SubjectErasedConsumer extends EventConsumer<SubjectErased> {

    public static final String CHANNEL = "dsr-events";
    private static final Logger LOG = Logger.getLogger(SubjectErasedConsumer.class);

    private final ErasedSubjects erasedSubjects;

    SubjectErasedConsumer(ErasedSubjects erasedSubjects, DeadLetters deadLetters, ConsumerRecovery recovery) {
        super(CHANNEL, Set.of(EventType.DSR_SUBJECT_ERASED.type()), SubjectErased.class, SubjectErased::subjectKey,
                deadLetters, recovery);
        this.erasedSubjects = erasedSubjects;
    }

    @Incoming(CHANNEL)
    public Uni<Void> receive(ConsumerRecord<String, byte[]> record) {
        return consume(record);
    }

    @Override
    protected Uni<Boolean> apply(HeedEvent<SubjectErased> event) {
        SubjectErased erasure = event.data();
        return erasedSubjects.erase(erasure)
                .invoke(erased -> LOG.infof("subject erased by request %s%s", erasure.requestId(),
                        erased ? "" : " (already recorded)"));
    }
}
