package dev.heed.audit.log;

import io.quarkus.arc.DefaultBean;
import jakarta.inject.Singleton;
import java.util.List;

/** The production {@link AppendFaultPoint}: does nothing. */
@Singleton
@DefaultBean
public class NoAppendFaults implements AppendFaultPoint {

    @Override
    public void afterLeavesWritten(List<LogEntry> entries) {
        // Nothing to inject outside tests.
    }
}
