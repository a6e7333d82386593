package dev.heed.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void percentilesAreNearestRankOverAllThreads() {
        LatencyRecorder one = new LatencyRecorder();
        LatencyRecorder other = new LatencyRecorder();
        for (long i = 1; i <= 10_000; i++) {
            (i % 2 == 0 ? one : other).record(10_001 - i); // out of order, split over two threads
        }
        one.addAll(other);

        LatencySummary summary = one.summary();

        assertEquals(10_000, one.count());
        assertEquals(new LatencySummary(5_000, 9_500, 9_900, 10_000), summary);
    }

    @Test
    void smallSamplesRoundTheRankUp() {
        long[] sorted = {1, 2, 3};
        assertEquals(2, LatencyRecorder.percentile(sorted, 0.50));
        assertEquals(3, LatencyRecorder.percentile(sorted, 0.99));
        assertEquals(1, LatencyRecorder.percentile(sorted, 0.0));
        assertEquals(0, LatencyRecorder.percentile(new long[0], 0.5));
    }
}
