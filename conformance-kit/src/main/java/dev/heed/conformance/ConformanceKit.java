package dev.heed.conformance;

import dev.heed.events.SystemId;
import dev.heed.events.subject.SubjectKeys;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar conformance-kit.jar --bootstrap-servers HOST:PORT --system-id ID --customer-id ID
 * [--kind ERASE] [--subject-key-version 1] [--timeout PT60S] [--kafka name=value ...]}, with the
 * installation's subject-key secret (base64) in {@code HEED_SUBJECT_KEYS_SECRET}. Prints one line per
 * check and exits 0 when the system kept every rule, 1 when it broke one, 2 on bad arguments.
 */
public final class ConformanceKit {

    private ConformanceKit() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv("HEED_SUBJECT_KEYS_SECRET"), System.out, System.err));
    }

    static int run(String[] args, String secret, PrintStream out, PrintStream err) {
        Conformance.Settings settings;
        try {
            settings = settings(args, secret);
        } catch (IllegalArgumentException e) {
            err.println("conformance-kit: " + e.getMessage());
            err.println("usage: java -jar conformance-kit.jar --bootstrap-servers HOST:PORT --system-id ID"
                    + " --customer-id ID [--kind ERASE] [--subject-key-version 1] [--timeout PT60S]"
                    + " [--kafka name=value ...]   (HEED_SUBJECT_KEYS_SECRET: the subject-key secret, base64)");
            return 2;
        }
        List<Check> checks = new Conformance(settings).run();
        checks.forEach(out::println);
        long failed = checks.stream().filter(check -> !check.passed()).count();
        out.println(failed == 0 ? "conformant: " + checks.size() + " checks passed"
                : "NOT conformant: " + failed + " of " + checks.size() + " checks failed");
        return failed == 0 ? 0 : 1;
    }

    static Conformance.Settings settings(String[] args, String secret) {
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, String> kafka = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got " + name);
            }
            String value = args[++i];
            if (name.equals("--kafka")) {
                int equals = value.indexOf('=');
                if (equals < 1) {
                    throw new IllegalArgumentException("--kafka takes name=value");
                }
                kafka.put(value.substring(0, equals), value.substring(equals + 1));
            } else {
                options.put(name.substring(2), value);
            }
        }
        kafka.put("bootstrap.servers", required(options, "bootstrap-servers"));
        String systemId = required(options, "system-id");
        if (!SystemId.isValid(systemId)) {
            throw new IllegalArgumentException("--system-id must match " + SystemId.REGEX);
        }
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("HEED_SUBJECT_KEYS_SECRET is not set");
        }
        String trimmed = secret.strip();
        byte[] key = trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0 ? Base64.getUrlDecoder().decode(trimmed)
                : Base64.getDecoder().decode(trimmed);
        SubjectKeys subjectKeys = new SubjectKeys(Integer.parseInt(options.getOrDefault("subject-key-version", "1")), key);
        return new Conformance.Settings(kafka, systemId, subjectKeys, required(options, "customer-id"),
                options.getOrDefault("kind", "ERASE"), Duration.parse(options.getOrDefault("timeout", "PT60S")));
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
