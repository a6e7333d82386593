package dev.heed.retention.consent;

import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.InvalidEventException;
import dev.heed.events.consent.ConsentDecision;
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
 * Reads consent-service's decisions ({@code privacy.consent.events.v1}, one consumer group for all
 * replicas) and schedules or cancels subject-level purges. A record that is not a well-formed
 * decision goes to {@code privacy.consent.events.v1.dlq} through the outbox and is skipped; a
 * database outage is waited out instead, so no decision is lost to the dead-letter topic.
 */
@ApplicationScoped
public class ConsentDecisionConsumer extends EventConsumer<ConsentDecision> {

    public static final String CHANNEL = "consent-events";
    private static final Logger LOG = Logger.getLogger(ConsentDecisionConsumer.class);
    private static final Set<String> DECISIONS = Set.of(EventType.CONSENT_GRANTED.type(),
            EventType.CONSENT_DENIED.type(), EventType.CONSENT_WITHDRAWN.type(), EventType.CONSENT_EXPIRED.type());

    private final ConsentPurges purges;

    ConsentDecisionConsumer(ConsentPurges purges, DeadLetters deadLetters, ConsumerRecovery recovery) {
        super(CHANNEL, DECISIONS, ConsentDecision.class, ConsentDecision::subjectKey, deadLetters, recovery);
        this.purges = purges;
    }

    @Incoming(CHANNEL)
    public Uni<Void> receive(ConsumerRecord<String, byte[]> record) {
        return consume(record);
    }

    @Override
    protected void check(HeedEvent<ConsentDecision> event) {
        if (!event.data().eventType().type().equals(event.type())) {
            throw new InvalidEventException(event.type() + " does not carry a " + event.data().decision()
                    + " decision");
        }
    }

    @Override
    protected Uni<Integer> apply(HeedEvent<ConsentDecision> event) {
        return purges.apply(event).invoke(changed -> {
            if (changed != 0) {
                LOG.infof("consent decision %s for purpose %s: %s %d purge(s)", event.data().decisionId(),
                        event.data().purposeId(), changed > 0 ? "scheduled" : "cancelled", Math.abs(changed));
            }
        });
    }
}
