package dev.heed.bench;

/** A scenario beside its baseline: what the service's work costs over the bare minimum. */
record Comparison(ScenarioResult measured, ScenarioResult baseline) {

    String label() {
        return measured.name() + " / " + baseline.name();
    }

    double throughputRatio() {
        return measured.throughput() / baseline.throughput();
    }

    /** How many times the baseline's latency the measured scenario's is. */
    static double times(long measuredNanos, long baselineNanos) {
        return baselineNanos == 0 ? Double.NaN : (double) measuredNanos / baselineNanos;
    }
}
