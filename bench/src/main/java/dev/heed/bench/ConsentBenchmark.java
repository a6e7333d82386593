package dev.heed.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * bench/consent-bench: against a running local stack, measures in one run the consent check
 * beside {@code GET /api/v1/caller} (the service's ceiling) and decision writes beside raw
 * single-row INSERTs on the same database, then prints the figures and writes them to
 * {@code bench/results/consent-<date>.md}. Exits 1 when a scenario failed too often.
 */
public final class ConsentBenchmark {

    private static final Duration SETTLE_AT_MOST = Duration.ofMinutes(2);

    private final BenchSettings settings;
    private final ServiceClient client;
    private final ServiceDatabase database;
    private final LoadRunner runner;

    ConsentBenchmark(BenchSettings settings) {
        this.settings = settings;
        this.client = new ServiceClient(settings.consentUrl(), settings.token());
        this.database = new ServiceDatabase(settings.jdbcUrl(), settings.dbUser(), settings.dbPassword());
        this.runner = new LoadRunner(settings.concurrency(), settings.warmUp(), settings.measured());
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.println(BenchSettings.USAGE);
            return;
        }
        BenchSettings settings;
        try {
            settings = BenchSettings.of(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(BenchSettings.USAGE);
            System.exit(64);
            return;
        }
        System.exit(new ConsentBenchmark(settings).run());
    }

    int run() throws Exception {
        RunFacts facts = RunFacts.of(settings, database.describe());
        double loadBefore = RunFacts.loadAverage();
        // Purpose and customer ids of this run: synthetic, and distinct from any earlier run's.
        String runId = "bench-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        log("Seeding %d customers over 2 purposes (%s-*) ...", settings.population(), runId);
        CheckPopulation population = CheckPopulation.seed(client, runId, settings.population(), settings.concurrency());

        List<ScenarioResult> results = new ArrayList<>();
        ScenarioResult check = measure(new ConsentCheckScenario(client, population), results);
        ScenarioResult ceiling = measure(new CallerScenario(client), results);
        ScenarioResult write = measure(new DecisionWriteScenario(client, runId, population.purposes().get(0)), results);
        ScenarioResult rawInsert;
        try (RawInsertScenario inserts = new RawInsertScenario(database)) {
            rawInsert = measure(inserts, results);
        }

        BenchReport report = new BenchReport(facts, results,
                List.of(new Comparison(check, ceiling), new Comparison(write, rawInsert)), loadBefore,
                RunFacts.loadAverage());
        System.out.println();
        System.out.print(report.table());

        List<String> tooManyFailures = results.stream().filter(r -> r.failedShare() > settings.maxErrorShare())
                .map(r -> String.format(Locale.ROOT, "%s %.2f %%", r.name(), 100 * r.failedShare())).toList();
        if (!tooManyFailures.isEmpty()) {
            System.err.printf("FAILED: more than %.2f %% of the calls failed in: %s; no results file written%n",
                    100 * settings.maxErrorShare(), String.join(", ", tooManyFailures));
            return 1;
        }
        Path file = report.writeMarkdown(settings.resultsDir());
        System.out.println();
        System.out.println("Written to " + file);
        return 0;
    }

    private ScenarioResult measure(LoadScenario scenario, List<ScenarioResult> results) throws Exception {
        Duration settled = database.awaitOutboxDrained(SETTLE_AT_MOST);
        log("%s: outbox drained in %d ms; %d threads, %d s warm-up, %d s measured: %s", scenario.name(),
                settled.toMillis(), settings.concurrency(), settings.warmUp().toSeconds(),
                settings.measured().toSeconds(), scenario.description());
        ScenarioResult result = runner.run(scenario);
        log("%s: %.1f req/s, %d failed", result.name(), result.throughput(), result.failed());
        results.add(result);
        return result;
    }

    private static void log(String pattern, Object... args) {
        System.out.println(String.format(Locale.ROOT, pattern, args));
    }
}
