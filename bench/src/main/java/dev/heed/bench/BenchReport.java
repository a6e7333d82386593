package dev.heed.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of a run as a table on stdout and as a markdown file under bench/results. */
final class BenchReport {

    private final RunFacts facts;
    private final List<ScenarioResult> results;
    private final List<Comparison> comparisons;
    private final double loadBefore;
    private final double loadAfter;

    /** @param loadBefore the one-minute load average before the run, {@code loadAfter} after it */
    BenchReport(RunFacts facts, List<ScenarioResult> results, List<Comparison> comparisons, double loadBefore,
            double loadAfter) {
        this.facts = facts;
        this.results = results;
        this.comparisons = comparisons;
        this.loadBefore = loadBefore;
        this.loadAfter = loadAfter;
    }

    String table() {
        StringBuilder out = new StringBuilder();
        out.append(format("%-11s %10s %8s %8s %8s %8s %9s %7s%n", "scenario", "req/s", "p50 ms", "p95 ms", "p99 ms",
                "max ms", "ok", "failed"));
        for (ScenarioResult r : results) {
            LatencySummary l = r.latency();
            out.append(format("%-11s %10.1f %8s %8s %8s %8s %9d %7d%n", r.name(), r.throughput(),
                    LatencySummary.millis(l.p50()), LatencySummary.millis(l.p95()), LatencySummary.millis(l.p99()),
                    LatencySummary.millis(l.max()), r.succeeded(), r.failed()));
        }
        for (ScenarioResult r : results) {
            if (!r.tags().isEmpty()) {
                out.append(r.name()).append(" answered from: ").append(shares(r)).append('\n');
            }
            if (!r.failures().isEmpty()) {
                out.append(r.name()).append(" failures: ").append(r.failures()).append('\n');
            }
        }
        for (Comparison c : comparisons) {
            out.append(format("%-22s throughput %.3f, p50 %s vs %s ms (x%.1f), p99 %s vs %s ms (x%.1f)%n", c.label(),
                    c.throughputRatio(), LatencySummary.millis(c.measured().latency().p50()),
                    LatencySummary.millis(c.baseline().latency().p50()),
                    Comparison.times(c.measured().latency().p50(), c.baseline().latency().p50()),
                    LatencySummary.millis(c.measured().latency().p99()),
                    LatencySummary.millis(c.baseline().latency().p99()),
                    Comparison.times(c.measured().latency().p99(), c.baseline().latency().p99())));
        }
        return out.toString();
    }

    Path writeMarkdown(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("consent-" + facts.date() + ".md");
        Files.writeString(file, markdown());
        return file;
    }

    String markdown() {
        BenchSettings s = facts.settings();
        StringBuilder md = new StringBuilder();
        md.append("# consent-service benchmark, ").append(facts.date()).append("\n\n");
        md.append("Made with `deploy/local/up` and then `").append(facts.command()).append("`.\n\n");
        md.append("| fact | value |\n|---|---|\n");
        md.append("| cores | ").append(facts.cores()).append(" |\n");
        md.append("| JDK (load generator) | ").append(facts.jdk()).append(" |\n");
        md.append("| OS | ").append(facts.os()).append(" |\n");
        md.append(format("| load average (1 min) before / after the run | %.2f / %.2f |%n", loadBefore, loadAfter));
        md.append("| consent-service JVM (as the local stack starts it) | `").append(facts.serviceJvm()).append("` |\n");
        md.append("| PostgreSQL | ").append(facts.database()).append(" |\n");
        md.append("| load | ").append(s.concurrency()).append(" platform threads, closed loop (each sends its next "
                + "request when the last one is answered); per scenario ").append(s.warmUp().toSeconds())
                .append(" s warm-up, not counted, then ").append(s.measured().toSeconds()).append(" s measured |\n");
        md.append("| check population | ").append(s.population()).append(" synthetic customers x 2 purposes; each customer "
                + "granted one purpose, every fourth withdrew it again |\n\n");
        md.append("""
                The load generator runs on the same cores as consent-service, PostgreSQL, Kafka and the other three \
                services of the local stack (and, on a shared build machine, whatever else runs there), so these \
                figures are a floor, not the service's capacity. The ratios say more than the absolute numbers: \
                each pair was measured in the same run, on the same stack, with the same concurrency.

                """);
        md.append("## Figures\n\n");
        md.append("| scenario | what | req/s | p50 ms | p95 ms | p99 ms | max ms | ok | failed |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ScenarioResult r : results) {
            LatencySummary l = r.latency();
            md.append(format("| %s | %s | %.1f | %s | %s | %s | %s | %d | %d |%n", r.name(), r.description(),
                    r.throughput(), LatencySummary.millis(l.p50()), LatencySummary.millis(l.p95()),
                    LatencySummary.millis(l.p99()), LatencySummary.millis(l.max()), r.succeeded(), r.failed()));
        }
        md.append('\n');
        for (ScenarioResult r : results) {
            if (!r.tags().isEmpty()) {
                md.append("* ").append(r.name()).append(" answered from: ").append(shares(r)).append('\n');
            }
            if (!r.failures().isEmpty()) {
                md.append("* ").append(r.name()).append(" failures: ").append(r.failures()).append('\n');
            }
        }
        md.append("\n## Ratios\n\n");
        md.append("| comparison | throughput ratio | p50 ms | p99 ms |\n|---|---:|---|---|\n");
        for (Comparison c : comparisons) {
            LatencySummary m = c.measured().latency();
            LatencySummary b = c.baseline().latency();
            md.append(format("| %s | %.3f | %s vs %s (x%.1f) | %s vs %s (x%.1f) |%n", c.label(), c.throughputRatio(),
                    LatencySummary.millis(m.p50()), LatencySummary.millis(b.p50()), Comparison.times(m.p50(), b.p50()),
                    LatencySummary.millis(m.p99()), LatencySummary.millis(b.p99()), Comparison.times(m.p99(), b.p99())));
        }
        return md.toString();
    }

    private static String shares(ScenarioResult r) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Long> tag : r.tags().entrySet()) {
            out.append(out.isEmpty() ? "" : ", ").append(format("%s %d (%.1f %%)", tag.getKey(), tag.getValue(),
                    100.0 * tag.getValue() / r.succeeded()));
        }
        return out.toString();
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
