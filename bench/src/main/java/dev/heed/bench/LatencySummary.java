package dev.heed.bench;

import java.util.Locale;

/** Latency percentiles of one scenario, in nanoseconds. */
record LatencySummary(long p50, long p95, long p99, long max) {

    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1_000_000.0);
    }
}
