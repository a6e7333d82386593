package dev.heed.systemtests;

import dev.heed.testkit.HeedInfra;
import dev.heed.testkit.InfraProcess;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.subject.SubjectKeySecret;
import dev.heed.testkit.stack.HeedService;
import dev.heed.testkit.stack.HeedStack;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A test JVM killed with -9 runs no shutdown hook. Everything it started (the infra process with
 * Kafka and PostgreSQL, and a packaged service under its guard) must still be gone 10 s later.
 */
class KilledTestJvmTest {

    @Test
    void nothingSurvivesATestJvmKilledWithSigkill() throws Exception {
        Path root = Path.of(System.getProperty("heed.project.root", "..")).toAbsolutePath().normalize();
        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Probe.class.getName(), root.toString())
                .redirectErrorStream(true)
                .start();
        List<Long> started = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder output = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("STARTED ")) {
                output.append(line).append('\n');
            }
            assertNotNull(line, "the probe JVM did not start its stack:\n" + output);
            for (String pid : line.substring("STARTED ".length()).split(" ")) {
                started.add(Long.parseLong(pid));
            }
            assertFalse(started.isEmpty());
            assertTrue(started.stream().allMatch(KilledTestJvmTest::alive), "everything runs before the kill");

            probe.destroyForcibly(); // SIGKILL

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> started.stream().noneMatch(KilledTestJvmTest::alive));
        } finally {
            probe.destroyForcibly();
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * Runs in the child JVM: starts the infrastructure and one packaged service tied to itself,
     * prints every process id that must die with it (the infra JVM, the postmaster, the service's
     * guard and the service's JVM), then waits to be killed.
     */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            Path root = Path.of(args[0]);
            HeedInfra infra = HeedInfra.get();
            HeedService audit = HeedService.ALL.stream().filter(s -> s.name().equals("audit-service"))
                    .findFirst().orElseThrow().onPort(InfraProcess.freePort());
            Path work = root.resolve("system-tests/target/killed-jvm");
            HeedStack stack = HeedStack.start(root, infra, TestTokens.issuer(), SubjectKeySecret.perJvm(), work, List.of(audit), true,
                    Duration.ofMinutes(3));
            List<Long> pids = new ArrayList<>();
            ProcessHandle.current().children().forEach(child -> {
                pids.add(child.pid());
                child.descendants().forEach(d -> pids.add(d.pid()));
            });
            pids.add(infra.postmasterPid());
            System.out.println("STARTED " + String.join(" ", pids.stream().map(String::valueOf).toList()));
            System.out.flush();
            new CountDownLatch(1).await();
            stack.close();
        }
    }
}
