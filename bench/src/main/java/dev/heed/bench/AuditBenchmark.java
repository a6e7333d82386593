package dev.heed.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * bench/audit-bench: against a running local stack, the audit log's ingest rate (events produced on
 * the broker until appended as Merkle leaves) and the latency of inclusion proofs beside
 * {@code GET /api/v1/caller} on the same service; prints the figures and writes
 * {@code bench/results/audit-<date>.md}. Exits 1 when a scenario failed too often.
 */
public final class AuditBenchmark {

    private static final Duration HEAD_AT_MOST = Duration.ofMinutes(2);

    private final AuditBenchSettings settings;
    private final ServiceClient audit;

    AuditBenchmark(AuditBenchSettings settings) {
        this.settings = settings;
        this.audit = new ServiceClient(settings.auditUrl(), settings.auditorToken());
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.println(AuditBenchSettings.USAGE);
            return;
        }
        AuditBenchSettings settings;
        try {
            settings = AuditBenchSettings.of(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(AuditBenchSettings.USAGE);
            System.exit(64);
            return;
        }
        System.exit(new AuditBenchmark(settings).run());
    }

    int run() throws Exception {
        double loadBefore = RunFacts.loadAverage();
        AuditIngest ingest = new AuditIngest(settings, audit);
        log("Producing %d events on %s ...", settings.events(), AuditBenchSettings.TOPIC);
        AuditIngest.Result ingested = ingest.run();
        log("ingest: produced in %d ms (%.0f/s), all appended after %d ms: %.0f events/s", ingested.produced().toMillis(),
                ingested.producedPerSecond(), ingested.appended().toMillis(), ingested.appendedPerSecond());

        long newest = ingested.treeSizeAfter() - 1;
        awaitSignedHeadCovering(newest);
        LoadRunner runner = new LoadRunner(settings.concurrency(), settings.warmUp(), settings.measured());
        log("proof: %d threads, %d s warm-up, %d s measured", settings.concurrency(), settings.warmUp().toSeconds(),
                settings.measured().toSeconds());
        ScenarioResult proof = runner.run(new ProofScenario(audit, newest + 1));
        ScenarioResult ceiling = runner.run(new CallerScenario(audit));
        double loadAfter = RunFacts.loadAverage();

        String table = table(ingested, List.of(proof, ceiling));
        System.out.println();
        System.out.print(table);
        for (ScenarioResult result : List.of(proof, ceiling)) {
            if (result.failedShare() > settings.maxErrorShare()) {
                System.err.printf(Locale.ROOT, "FAILED: %.2f %% of %s failed (%s); no results file written%n",
                        100 * result.failedShare(), result.name(), result.failures());
                return 1;
            }
        }
        Path file = settings.resultsDir().resolve("audit-" + LocalDate.now() + ".md");
        Files.createDirectories(settings.resultsDir());
        Files.writeString(file, markdown(table, loadBefore, loadAfter));
        System.out.println("Written to " + file);
        return 0;
    }

    /** Proofs are served against signed heads only; the leader signs within heed.audit.heads.every. */
    private void awaitSignedHeadCovering(long index) throws Exception {
        long deadline = System.nanoTime() + HEAD_AT_MOST.toNanos();
        while (!audit.get("/api/v1/audit/entries/" + index + "/proof").ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no signed head covers entry " + index + " after " + HEAD_AT_MOST);
            }
            Thread.sleep(200);
        }
    }

    private static String table(AuditIngest.Result ingested, List<ScenarioResult> results) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "ingest: %d events, produced at %.0f/s, appended at %.0f events/s "
                + "(%d ms from first send to last leaf; tree %d -> %d)%n", ingested.events(),
                ingested.producedPerSecond(), ingested.appendedPerSecond(), ingested.appended().toMillis(),
                ingested.treeSizeBefore(), ingested.treeSizeAfter()));
        out.append(String.format(Locale.ROOT, "%-8s %10s %8s %8s %8s %8s %9s %7s%n", "scenario", "req/s", "p50 ms",
                "p95 ms", "p99 ms", "max ms", "ok", "failed"));
        for (ScenarioResult r : results) {
            LatencySummary l = r.latency();
            out.append(String.format(Locale.ROOT, "%-8s %10.1f %8s %8s %8s %8s %9d %7d%n", r.name(), r.throughput(),
                    LatencySummary.millis(l.p50()), LatencySummary.millis(l.p95()), LatencySummary.millis(l.p99()),
                    LatencySummary.millis(l.max()), r.succeeded(), r.failed()));
        }
        return out.toString();
    }

    private String markdown(String table, double loadBefore, double loadAfter) {
        return "# audit-service benchmark, " + LocalDate.now() + "\n\n"
                + "Made with `deploy/local/up` and then `" + settings.command() + "`.\n\n"
                + String.format(Locale.ROOT, "%d cores, JDK %s; load average (1 min) before / after: %.2f / %.2f. "
                        + "The load generator, the broker, PostgreSQL and all four services share these cores.%n%n",
                        Runtime.getRuntime().availableProcessors(), System.getProperty("java.runtime.version"),
                        loadBefore, loadAfter)
                + "```\n" + table + "```\n\n"
                + "* ingest: consent-granted CloudEvents on `" + AuditBenchSettings.TOPIC + "` (read by audit-service "
                + "only), from the first send until `heed_audit_tree_size` shows every one appended: consumed, "
                + "redacted, stored in the intake, then appended by the leader with its RFC 8785 record, leaf hash "
                + "and completed subtree hashes.\n"
                + "* proof: an inclusion proof of a random entry against the latest signed head, with "
                + settings.concurrency() + " closed-loop threads; each proof read is itself appended as an audit entry.\n"
                + "* ceiling: `GET /api/v1/caller` on audit-service, same token and HTTP stack, no work.\n";
    }

    private static void log(String pattern, Object... args) {
        System.out.println(String.format(Locale.ROOT, pattern, args));
    }
}
