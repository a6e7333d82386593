package dev.heed.platform.outbox;

import io.quarkus.arc.DefaultBean;
import jakarta.inject.Singleton;
import java.util.List;

/** The production {@link RelayFaultPoint}: does nothing. */
@Singleton
@DefaultBean
public class NoRelayFaults implements RelayFaultPoint {

    @Override
    public void afterBrokerAcknowledged(List<OutboxRow> acknowledged) {
        // Nothing to inject outside tests.
    }
}
