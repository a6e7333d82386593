package dev.heed.audit.support;

import dev.heed.audit.log.AppendFaultPoint;
import dev.heed.audit.log.LogEntry;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Crashes every append whose batch holds a chosen event, after its leaves are written, until disarmed. */
@Alternative
@Priority(1)
@Singleton
public class TestAppendFaults implements AppendFaultPoint {

    private final AtomicReference<String> armedFor = new AtomicReference<>();
    private final AtomicInteger fired = new AtomicInteger();

    public void failWhileAppending(String eventId) {
        armedFor.set(eventId);
    }

    public void disarm() {
        armedFor.set(null);
    }

    public int fired() {
        return fired.get();
    }

    @Override
    public void afterLeavesWritten(List<LogEntry> entries) {
        String eventId = armedFor.get();
        if (eventId != null && entries.stream().anyMatch(entry -> entry.eventId().equals(eventId))) {
            fired.incrementAndGet();
            throw new IllegalStateException("injected crash after writing the leaves of " + eventId);
        }
    }
}
