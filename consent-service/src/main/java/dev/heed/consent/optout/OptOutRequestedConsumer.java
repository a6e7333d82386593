package dev.heed.consent.optout;

import dev.heed.consent.deadletter.DeadLetters;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.InvalidEventException;
import dev.heed.events.dsr.OptOutRequested;
import dev.heed.platform.recovery.ConsumerRecovery;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads dsr-service's request facts ({@code privacy.dsr.events.v1}, consumer group
 * {@code consent-service-opt-outs}) and applies {@code dev.heed.dsr.opt-out-requested.v1}; every
 * other type is skipped. Applying is idempotent by CloudEvents id, so a redelivered record changes
 * nothing. A record that is not a well-formed opt-out goes to {@code privacy.dsr.events.v1.dlq}.
 */
@ApplicationScoped
public class OptOutRequestedConsumer {

    public static final String CHANNEL = "dsr-opt-outs";
    private static final Logger LOG = Logger.getLogger(OptOutRequestedConsumer.class);
    private static final String TYPE = EventType.DSR_OPT_OUT_REQUESTED.type();

    private final ForwardedOptOuts optOuts;
    private final DeadLetters deadLetters;
    private final ConsumerRecovery recovery;

    OptOutRequestedConsumer(ForwardedOptOuts optOuts, DeadLetters deadLetters, ConsumerRecovery recovery) {
        this.optOuts = optOuts;
        this.deadLetters = deadLetters;
        this.recovery = recovery;
    }

    @Incoming(CHANNEL)
    public Uni<Void> receive(ConsumerRecord<String, byte[]> record) {
        // The fan-out waits for the registry view at start, and a database outage passes: both stall the
        // channel (readiness DOWN) until the record applies; it never fails, the offset waits, nothing is lost.
        return recovery.untilApplied(CHANNEL, () -> apply(record));
    }

    private Uni<Void> apply(ConsumerRecord<String, byte[]> record) {
        if (!TYPE.equals(HeedEvent.typeOf(record.headers()))) {
            return Uni.createFrom().voidItem();
        }
        HeedEvent<OptOutRequested> event;
        try {
            event = HeedEvent.read(record.headers(), record.value(), OptOutRequested.class);
        } catch (InvalidEventException e) {
            return deadLetters.send(record, TYPE, e.getMessage());
        }
        OptOutRequested optOut = event.data();
        if (!optOut.subjectKey().equals(record.key())) {
            return deadLetters.send(record, TYPE, "the record key is not the subject key");
        }
        return optOuts.apply(event.id(), optOut)
                .invoke(recorded -> LOG.infof("opt-out of sale or sharing by request %s %s", optOut.requestId(),
                        recorded.map(count -> "recorded for " + count + " purposes").orElse("already recorded")))
                .replaceWithVoid();
    }
}
