package dev.heed.consent.optout;

import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.dsr.OptOutRequested;
import dev.heed.platform.consumer.DeadLetters;
import dev.heed.platform.consumer.EventConsumer;
import dev.heed.platform.recovery.ConsumerRecovery;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads dsr-service's request facts ({@code privacy.dsr.events.v1}, consumer group
 * {@code consent-service-opt-outs}) and applies {@code dev.heed.dsr.opt-out-requested.v1}; every
 * other type is skipped. Applying is idempotent by CloudEvents id, so a redelivered record changes
 * nothing. A record that is not a well-formed opt-out goes to {@code privacy.dsr.events.v1.dlq}.
 * The fan-out waits for the registry view at start, and a database outage passes: both stall the
 * channel until the record applies.
 */
@ApplicationScoped
public class OptOutRequestedConsumer extends EventConsumer<OptOutRequested> {

    public static final String CHANNEL = "dsr-opt-outs";
    private static final Logger LOG = Logger.getLogger(OptOutRequestedConsumer.class);

    private final ForwardedOptOuts optOuts;

    OptOutRequestedConsumer(ForwardedOptOuts optOuts, DeadLetters deadLetters, ConsumerRecovery recovery) {
        super(CHANNEL, Set.of(EventType.DSR_OPT_OUT_REQUESTED.type()), OptOutRequested.class,
                OptOutRequested::subjectKey, deadLetters, recovery);
        this.optOuts = optOuts;
    }

    @Incoming(CHANNEL)
    public Uni<Void> receive(ConsumerRecord<String, byte[]> record) {
        return consume(record);
    }

    @Override
    protected Uni<Optional<Integer>> apply(HeedEvent<OptOutRequested> event) {
        OptOutRequested optOut = event.data();
        return optOuts.apply(event.id(), optOut)
                .invoke(recorded -> LOG.infof("opt-out of sale or sharing by request %s %s", optOut.requestId(),
                        recorded.map(count -> "recorded for " + count + " purposes").orElse("already recorded")));
    }
}
