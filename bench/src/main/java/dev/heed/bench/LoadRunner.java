package dev.heed.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a scenario closed-loop: a fixed number of threads, each making its next call as soon as
 * the last one ended, first for a warm-up (JIT, connection pools, caches; not counted), then for
 * the measured phase. A call counts when it started inside the measured phase.
 */
final class LoadRunner {

    private final int concurrency;
    private final Duration warmUp;
    private final Duration measured;

    LoadRunner(int concurrency, Duration warmUp, Duration measured) {
        this.concurrency = concurrency;
        this.warmUp = warmUp;
        this.measured = measured;
    }

    ScenarioResult run(LoadScenario scenario) throws Exception {
        long measureFrom = System.nanoTime() + warmUp.toNanos();
        long measureUntil = measureFrom + measured.toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<WorkerTally>> tallies = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                tallies.add(threads.submit(() -> drive(scenario, measureFrom, measureUntil)));
            }
            WorkerTally total = new WorkerTally();
            for (Future<WorkerTally> tally : tallies) {
                total.add(tally.get());
            }
            Duration elapsed = total.succeeded + total.failed == 0 ? measured
                    : Duration.ofNanos(Math.max(total.lastEnd - measureFrom, 1));
            return new ScenarioResult(scenario.name(), scenario.description(), total.succeeded, total.failed,
                    elapsed, total.latencies.summary(),
                    total.tags, total.failures);
        } catch (ExecutionException e) {
            throw new IllegalStateException(scenario.name() + ": a worker could not run", e.getCause());
        } finally {
            threads.shutdownNow();
        }
    }

    private static WorkerTally drive(LoadScenario scenario, long measureFrom, long measureUntil) throws Exception {
        WorkerTally tally = new WorkerTally();
        try (LoadScenario.Worker worker = scenario.newWorker()) {
            long start;
            while ((start = System.nanoTime()) < measureUntil) {
                Outcome outcome;
                try {
                    outcome = worker.call();
                } catch (Exception e) {
                    outcome = Outcome.failed(e.getClass().getSimpleName());
                }
                long end = System.nanoTime();
                if (start >= measureFrom) {
                    tally.count(outcome, end - start, end);
                }
            }
        }
        return tally;
    }

    /** One thread's counts, merged after the run so that no counter is contended. */
    private static final class WorkerTally {
        final LatencyRecorder latencies = new LatencyRecorder();
        final Map<String, Long> tags = new TreeMap<>();
        final Map<String, Long> failures = new TreeMap<>();
        long succeeded;
        long failed;
        long lastEnd = Long.MIN_VALUE;

        void count(Outcome outcome, long nanos, long end) {
            lastEnd = Math.max(lastEnd, end);
            if (outcome.ok()) {
                succeeded++;
                latencies.record(nanos);
                if (outcome.tag() != null) {
                    tags.merge(outcome.tag(), 1L, Long::sum);
                }
            } else {
                failed++;
                failures.merge(outcome.tag(), 1L, Long::sum);
            }
        }

        void add(WorkerTally other) {
            latencies.addAll(other.latencies);
            other.tags.forEach((k, v) -> tags.merge(k, v, Long::sum));
            other.failures.forEach((k, v) -> failures.merge(k, v, Long::sum));
            succeeded += other.succeeded;
            failed += other.failed;
            lastEnd = Math.max(lastEnd, other.lastEnd);
        }
    }
}
