package dev.heed.bench;

import java.util.Arrays;

/**
 * Every latency of one worker thread, in nanoseconds. Kept whole rather than bucketed: a run has
 * at most a few hundred thousand samples, and exact percentiles need no histogram library.
 */
final class LatencyRecorder {

    private long[] samples = new long[4096];
    private int count;

    void record(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    void addAll(LatencyRecorder other) {
        for (int i = 0; i < other.count; i++) {
            record(other.samples[i]);
        }
    }

    int count() {
        return count;
    }

    LatencySummary summary() {
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        return new LatencySummary(percentile(sorted, 0.50), percentile(sorted, 0.95), percentile(sorted, 0.99),
                count == 0 ? 0 : sorted[count - 1]);
    }

    /** Nearest rank: the smallest sample that at least {@code p} of all samples do not exceed. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
