package dev.heed.bench;

import java.time.Duration;
import java.util.Map;

/**
 * The measured phase of one scenario.
 *
 * @param succeeded calls that ended well; only their latencies are in {@code latency}
 * @param failed calls that did not, counted by reason in {@code failures}
 * @param elapsed from the start of the measured phase to the last measured call's end
 * @param tags successes counted by their tag (a check's {@code answeredFrom})
 */
record ScenarioResult(String name, String description, long succeeded, long failed, Duration elapsed,
        LatencySummary latency, Map<String, Long> tags, Map<String, Long> failures) {

    /** Successful calls per second. */
    double throughput() {
        return succeeded / (elapsed.toNanos() / 1e9);
    }

    double failedShare() {
        long all = succeeded + failed;
        return all == 0 ? 1.0 : (double) failed / all;
    }
}
