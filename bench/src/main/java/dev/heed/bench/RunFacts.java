package dev.heed.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Where and how a run was made: what a reader needs to compare its figures with another's. */
record RunFacts(LocalDate date, int cores, String jdk, String os, String serviceJvm, String database,
        BenchSettings settings) {

    // Written by deploy/local/up; the bench runs from the project root.
    private static final Path SERVICE_PID = Path.of("deploy/local/.state/consent-service.pid");

    static RunFacts of(BenchSettings settings, String database) {
        return new RunFacts(LocalDate.now(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                runningServiceJvm(), database, settings);
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    String command() {
        return "bench/consent-bench --concurrency=" + settings.concurrency() + " --warmup-seconds="
                + settings.warmUp().toSeconds() + " --seconds=" + settings.measured().toSeconds()
                + " --population=" + settings.population();
    }

    /** The JVM options of the local stack's consent-service, which bound what it can do; "unknown" elsewhere. */
    private static String runningServiceJvm() {
        try {
            long pid = Long.parseLong(Files.readString(SERVICE_PID).trim());
            return ProcessHandle.of(pid).flatMap(p -> p.info().arguments())
                    .map(args -> Arrays.stream(args).filter(a -> a.startsWith("-X")).collect(Collectors.joining(" ")))
                    .orElse("unknown");
        } catch (IOException | NumberFormatException e) {
            return "unknown";
        }
    }
}
