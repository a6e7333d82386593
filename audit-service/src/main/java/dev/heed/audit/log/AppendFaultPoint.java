package dev.heed.audit.log;

import java.util.List;

/**
 * A point in the appender where a test can inject a crash: after a batch's leaves and subtrees
 * are written, before its intake rows are deleted and the transaction commits. Production uses
 * {@link NoAppendFaults}; only a CDI alternative (test code) can replace it, never configuration.
 */
public interface AppendFaultPoint {

    void afterLeavesWritten(List<LogEntry> entries);
}
