package dev.heed.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** What bench/audit-bench measures against which stack (addresses and tokens from tokens.env). */
record AuditBenchSettings(URI auditUrl, String kafka, String auditorToken, int events, int concurrency,
        Duration warmUp, Duration measured, double maxErrorShare, Path resultsDir) {

    static final String TOPIC = "privacy.bench.audit.v1";

    static final String USAGE = """
            usage: bench/audit-bench [--events=20000] [--concurrency=8] [--warmup-seconds=5] [--seconds=15]
                                     [--max-error-share=0.01] [--results=bench/results]
            environment: HEED_TOKEN_AUDITOR (required), HEED_AUDIT (http://127.0.0.1:8083),
                         HEED_KAFKA (127.0.0.1:19092)""";

    static AuditBenchSettings of(String[] args, Map<String, String> env) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("not an option: " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        String token = env.get("HEED_TOKEN_AUDITOR");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("HEED_TOKEN_AUDITOR is not set: start the stack with deploy/local/up "
                    + "and source deploy/local/.state/tokens.env");
        }
        AuditBenchSettings settings = new AuditBenchSettings(
                URI.create(env.getOrDefault("HEED_AUDIT", "http://127.0.0.1:8083")),
                env.getOrDefault("HEED_KAFKA", "127.0.0.1:19092"),
                token,
                Integer.parseInt(options.getOrDefault("events", "20000")),
                Integer.parseInt(options.getOrDefault("concurrency", "8")),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup-seconds", "5"))),
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "15"))),
                Double.parseDouble(options.getOrDefault("max-error-share", "0.01")),
                Path.of(options.getOrDefault("results", "bench/results")));
        options.keySet().removeAll(Set.of("events", "concurrency", "warmup-seconds", "seconds", "max-error-share",
                "results"));
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s): " + options.keySet());
        }
        if (settings.events < 1 || settings.concurrency < 1 || settings.measured.isZero()) {
            throw new IllegalArgumentException("events and concurrency must be at least 1, seconds above 0");
        }
        return settings;
    }

    String command() {
        return "bench/audit-bench --events=" + events + " --concurrency=" + concurrency + " --warmup-seconds="
                + warmUp.toSeconds() + " --seconds=" + measured.toSeconds();
    }
}
