package dev.heed.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What one run measures against which stack. The stack's address and token come from the
 * environment ({@code deploy/local/.state/tokens.env}); the load's shape from {@code --name=value}
 * arguments.
 *
 * @param maxErrorShare the run fails when more than this share of any scenario's requests fail
 */
record BenchSettings(URI consentUrl, String token, String jdbcUrl, String dbUser, String dbPassword,
        int concurrency, Duration warmUp, Duration measured, int population, double maxErrorShare, Path resultsDir) {

    static final String USAGE = """
            usage: bench/consent-bench [--concurrency=16] [--warmup-seconds=5] [--seconds=20]
                                       [--population=2000] [--max-error-share=0.01] [--results=bench/results]
            environment: HEED_TOKEN_PRIVACY_ADMIN (required), HEED_CONSENT (http://127.0.0.1:8081),
                         HEED_BENCH_JDBC_URL (jdbc:postgresql://127.0.0.1:15432/heed_consent),
                         HEED_BENCH_DB_USER (postgres), HEED_BENCH_DB_PASSWORD (empty)""";

    static BenchSettings of(String[] args, Map<String, String> env) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("not an option: " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        String token = env.get("HEED_TOKEN_PRIVACY_ADMIN");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("HEED_TOKEN_PRIVACY_ADMIN is not set: start the stack with deploy/local/up "
                    + "and source deploy/local/.state/tokens.env");
        }
        BenchSettings settings = new BenchSettings(
                URI.create(env.getOrDefault("HEED_CONSENT", "http://127.0.0.1:8081")),
                token,
                env.getOrDefault("HEED_BENCH_JDBC_URL", "jdbc:postgresql://127.0.0.1:15432/heed_consent"),
                env.getOrDefault("HEED_BENCH_DB_USER", "postgres"),
                env.getOrDefault("HEED_BENCH_DB_PASSWORD", ""),
                Integer.parseInt(options.getOrDefault("concurrency", "16")),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup-seconds", "5"))),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "20"))),
                Integer.parseInt(options.getOrDefault("population", "2000")),
                Double.parseDouble(options.getOrDefault("max-error-share", "0.01")),
                Path.of(options.getOrDefault("results", "bench/results")));
        options.keySet().removeAll(Set.of("concurrency", "warmup-seconds", "seconds", "population",
                "max-error-share", "results"));
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s): " + options.keySet());
        }
        if (settings.concurrency < 1 || settings.population < 4 || settings.measured.isZero()) {
            throw new IllegalArgumentException("concurrency must be at least 1, population at least 4, seconds above 0");
        }
        return settings;
    }
}
