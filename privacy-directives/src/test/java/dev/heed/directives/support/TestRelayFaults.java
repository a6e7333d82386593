package dev.heed.directives.support;

import dev.heed.platform.outbox.OutboxRow;
import dev.heed.platform.outbox.RelayFaultPoint;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Fails the relay once, after the broker acknowledged a batch holding a chosen event and before it is marked sent. */
@Alternative
@Priority(1)
@Singleton
public class TestRelayFaults implements RelayFaultPoint {

    private final AtomicReference<String> armedFor = new AtomicReference<>();
    private final AtomicInteger fired = new AtomicInteger();

    public void failOnceAfterAcknowledging(String eventId) {
        armedFor.set(eventId);
    }

    public int fired() {
        return fired.get();
    }

    @Override
    public void afterBrokerAcknowledged(List<OutboxRow> acknowledged) {
        String eventId = armedFor.get();
        if (eventId != null && acknowledged.stream().anyMatch(row -> row.eventId().equals(eventId))
                && armedFor.compareAndSet(eventId, null)) {
            fired.incrementAndGet();
            throw new IllegalStateException("injected fault after the broker acknowledged " + eventId);
        }
    }
}
