package dev.heed.testkit.stack;

import dev.heed.testkit.HeedInfra;
import dev.heed.testkit.jwt.TokenIssuer;
import dev.heed.testkit.subject.SubjectKeySecret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeedStackTest {

    /** Someone else on a service's port would answer the readiness checks in its place. */
    @Test
    void refusesToStartAnythingWhenAServicePortIsTaken(@TempDir Path work) throws Exception {
        try (ServerSocket squatter = new ServerSocket(0)) {
            HeedService free = HeedService.ALL.get(0).onPort(0);
            HeedService taken = HeedService.ALL.get(1).onPort(squatter.getLocalPort());
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> HeedStack.start(
                    work, HeedInfra.get(), TokenIssuer.generate(), SubjectKeySecret.perJvm(), work, List.of(free, taken), true, Duration.ofSeconds(5)));
            assertTrue(refused.getMessage().contains("Port " + squatter.getLocalPort()), refused.getMessage());
            assertFalse(Files.exists(work.resolve("logs")), "no service was launched");
        }
    }

    /** A packaged service gets its own Kafka user as a Kubernetes Deployment passes it: KAFKA_* variables. */
    @Test
    void aServiceConnectsToTheSecuredListenerAsItsOwnKafkaUser(@TempDir Path work) {
        HeedInfra infra = HeedInfra.get();
        Map<String, String> env = HeedStack.environment(HeedService.ALL.get(0), infra,
                work.resolve("key.pem"), SubjectKeySecret.perJvm(), work.resolve("keys"));
        assertEquals(infra.kafkaSaslBootstrapServers().orElseThrow(), env.get("KAFKA_BOOTSTRAP_SERVERS"));
        assertEquals("SASL_PLAINTEXT", env.get("KAFKA_SECURITY_PROTOCOL"));
        assertEquals("SCRAM-SHA-512", env.get("KAFKA_SASL_MECHANISM"));
        assertTrue(env.get("KAFKA_SASL_JAAS_CONFIG").contains("username=\"" + HeedService.ALL.get(0).name() + "\""),
                env.get("KAFKA_SASL_JAAS_CONFIG"));
    }
}
