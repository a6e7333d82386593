package dev.heed.testkit;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A test JVM killed with -9 runs no shutdown hook; the broker and the database it started must
 * still be gone 10 seconds later.
 */
class ParentDeathTest {

    @Test
    void infrastructureDiesWithAKilledParent() throws Exception {
        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Probe.class.getName())
                .redirectErrorStream(true)
                .start();
        long infraPid;
        Path dataDir;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder output = new StringBuilder();
            String line;
            do {
                line = out.readLine();
                output.append(line).append('\n');
            } while (line != null && !line.startsWith("INFRA "));
            assertTrue(line != null, "the probe JVM did not start its infrastructure:\n" + output);
            String[] parts = line.split(" ");
            infraPid = Long.parseLong(parts[1]);
            dataDir = Path.of(parts[2]);
            long postmasterPid = Long.parseLong(parts[3]);
            assertTrue(ProcessHandle.of(infraPid).map(ProcessHandle::isAlive).orElse(false));
            assertTrue(ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive).orElse(false));

            probe.destroyForcibly(); // SIGKILL: no shutdown hooks run in the probe

            await().atMost(Duration.ofSeconds(10)).until(() ->
                    ProcessHandle.of(infraPid).map(p -> !p.isAlive()).orElse(true)
                            && ProcessHandle.of(postmasterPid).map(p -> !p.isAlive()).orElse(true));
        } finally {
            probe.destroyForcibly();
        }
        HeedInfra.deleteTree(dataDir);
    }

    /** Runs in the child JVM: starts the infrastructure, reports it, and waits to be killed. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            HeedInfra infra = HeedInfra.get();
            System.out.println("INFRA " + infra.process.pid() + " " + infra.process.dataDir() + " " + infra.postmasterPid());
            System.out.flush();
            new CountDownLatch(1).await();
        }
    }
}
