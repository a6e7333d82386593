package dev.heed.retention.consent;

import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.InvalidEventException;
import dev.heed.events.consent.ConsentDecision;
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
 * decision fails and the connector moves it to {@code privacy.consent.events.v1.dlq}; a database
 * outage is waited out instead, so no decision is lost to the dead-letter topic.
 */
@ApplicationScoped
public class ConsentDecisionConsumer {

    public static final String CHANNEL = "consent-events";
    private static final Logger LOG = Logger.getLogger(ConsentDecisionConsumer.class);
    private static final Set<String> DECISIONS = Set.of(EventType.CONSENT_GRANTED.type(),
            EventType.CONSENT_DENIED.type(), EventType.CONSENT_WITHDRAWN.type(), EventType.CONSENT_EXPIRED.type());

    private final ConsentPurges purges;
    private final ConsumerRecovery recovery;

    ConsentDecisionConsumer(ConsentPurges purges, ConsumerRecovery recovery) {
        this.purges = purges;
        this.recovery = recovery;
    }

    @Incoming(CHANNEL)
    public Uni<Void> receive(ConsumerRecord<String, byte[]> record) {
        if (!DECISIONS.contains(HeedEvent.typeOf(record.headers()))) {
            return Uni.createFrom().voidItem();
        }
        HeedEvent<ConsentDecision> event;
        try {
            event = decision(record);
        } catch (InvalidEventException e) {
            // A failed message goes to the dead-letter topic, the reason in its headers; never a value in the log.
            LOG.warnf("record %s-%d@%d dead-lettered: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return Uni.createFrom().failure(e);
        }
        return recovery.untilApplied(CHANNEL, () -> purges.apply(event))
                .invoke(changed -> {
                    if (changed != 0) {
                        LOG.infof("consent decision %s for purpose %s: %s %d purge(s)", event.data().decisionId(),
                                event.data().purposeId(), changed > 0 ? "scheduled" : "cancelled",
                                Math.abs(changed));
                    }
                })
                .replaceWithVoid();
    }

    private static HeedEvent<ConsentDecision> decision(ConsumerRecord<String, byte[]> record) {
        HeedEvent<ConsentDecision> event = HeedEvent.read(record.headers(), record.value(), ConsentDecision.class);
        if (!event.data().eventType().type().equals(event.type())) {
            throw new InvalidEventException(event.type() + " does not carry a " + event.data().decision()
                    + " decision");
        }
        if (!event.data().subjectKey().equals(record.key())) {
            throw new InvalidEventException("the record key is not the subject key");
        }
        return event;
    }
}
