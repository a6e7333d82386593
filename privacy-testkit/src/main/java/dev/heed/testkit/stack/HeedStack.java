package dev.heed.testkit.stack;

import dev.heed.testkit.HeedInfra;
import dev.heed.testkit.jwt.TokenIssuer;
import dev.heed.testkit.audit.AuditSigningKeys;
import dev.heed.testkit.receipt.ReceiptSigningKeys;
import dev.heed.testkit.pki.TestCertificateAuthority;
import dev.heed.testkit.pki.TestCertificateAuthority.IssuedCertificate;
import dev.heed.testkit.subject.InstallationSecret;
import dev.heed.testkit.subject.SubjectKeySecret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Starts packaged services as separate processes against running infrastructure: the one way the
 * local stack and the system tests both run Heed.
 */
public final class HeedStack implements AutoCloseable {

    /** The domain the local stack's OpenDSR certificate is issued for. */
    public static final String OPENDSR_DOMAIN = "dsr.heed.local";

    private final List<ServiceProcess> processes;
    private final Path projectRoot;
    private final Path workDir;
    private final Map<String, Map<String, String>> environments = new HashMap<>();
    private final boolean tiedToThisJvm;

    private HeedStack(List<ServiceProcess> processes, Path projectRoot, Path workDir, boolean tiedToThisJvm) {
        this.processes = processes;
        this.projectRoot = projectRoot;
        this.workDir = workDir;
        this.tiedToThisJvm = tiedToThisJvm;
    }

    /**
     * @param projectRoot   the checkout, whose service modules have been packaged
     * @param infra         the Kafka broker and PostgreSQL server to use
     * @param tokens        whose public key the services trust
     * @param subjectKeySecret the HMAC secret every service derives subject keys with
     * @param workDir       where the verification key, the receipt signing keys ({@code keys/}) and the service logs go
     * @param services      which services, on which ports; a service named twice runs as two replicas
     * @param tiedToThisJvm whether the services die with this JVM (tests) or outlive it (local stack)
     */
    public static HeedStack start(Path projectRoot, HeedInfra infra, TokenIssuer tokens, String subjectKeySecret, Path workDir,
                                  List<HeedService> services, boolean tiedToThisJvm, Duration readyTimeout) {
        Path key = workDir.resolve("verification-key.pem");
        Path receiptKeys = ReceiptSigningKeys.persistentIn(workDir.resolve("keys"));
        try {
            Files.createDirectories(workDir);
            Files.writeString(key, tokens.publicKeyPem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        services.forEach(ServiceProcess::requireFreePort);
        List<ServiceProcess> started = new ArrayList<>();
        HeedStack stack = new HeedStack(started, projectRoot, workDir, tiedToThisJvm);
        try {
            for (HeedService service : services) {
                Map<String, String> environment = environment(service, infra, key, subjectKeySecret, receiptKeys);
                stack.environments.put(service.name() + ":" + service.port(), environment);
                started.add(stack.launch(service, environment));
            }
            CompletableFuture.allOf(started.stream()
                    .map(p -> CompletableFuture.runAsync(() -> p.awaitReady(readyTimeout)))
                    .toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            stack.close(); // half a stack is no use to anyone; leave nothing running
            throw e.getCause() instanceof RuntimeException r ? r : e;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    /** Configuration through environment variables only, as in any deployment. */
    static Map<String, String> environment(HeedService service, HeedInfra infra, Path verificationKey,
                                           String subjectKeySecret, Path receiptKeys) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(service.port()));
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers());
        // As in Kubernetes: the service's own Kafka user, through the environment variables a Deployment sets.
        infra.kafkaSettingsAs(service.name()).ifPresent(kafka -> env.putAll(kafkaEnvironment(kafka)));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", infra.jdbcUrl(service.database()));
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", infra.reactiveUrl(service.database()));
        env.put("QUARKUS_DATASOURCE_USERNAME", infra.username());
        env.put("QUARKUS_DATASOURCE_PASSWORD", infra.password());
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", verificationKey.toAbsolutePath().toString());
        env.put("MP_JWT_VERIFY_ISSUER", TokenIssuer.ISSUER);
        env.put("HEED_SUBJECT_KEYS_VERSION", Integer.toString(SubjectKeySecret.VERSION));
        env.put("HEED_SUBJECT_KEYS_SECRET", subjectKeySecret);
        if (service.name().equals("consent-service")) {
            // Only the service that signs receipts gets the private keys.
            env.put("HEED_RECEIPTS_SIGNING_KEYS", receiptKeys.toAbsolutePath().toString());
            env.put("HEED_RECEIPTS_ACTIVE_KEY_ID", ReceiptSigningKeys.LOCAL_KEY_ID);
            env.put("HEED_RECEIPTS_CONTROLLER_ID", "https://heed.local/controller");
            env.put("HEED_RECEIPTS_CONTROLLER_NAME", "Heed local stack");
        }
        if (service.name().equals("dsr-service")) {
            // Kept beside the receipt keys, so codes sent before a restart of the local stack still verify.
            env.put("HEED_DSR_VERIFICATION_SECRET", InstallationSecret.DSR_VERIFICATION.persistentIn(receiptKeys.getParent()));
            // Likewise: packages stored before a restart still open.
            env.put("HEED_DSR_EXPORTS_KEY", InstallationSecret.DSR_EXPORTS.persistentIn(receiptKeys.getParent()));
            env.put("HEED_DSR_PUBLIC_URL", "http://127.0.0.1:" + service.port());
            // OpenDSR: a certificate from the local throwaway CA (production mounts a CA-issued one), and
            // one controller, "local", whose token is kept beside the other keys.
            IssuedCertificate opendsr = TestCertificateAuthority.persistentIn(receiptKeys.getParent().resolve("opendsr-ca"))
                    .issuedFor(OPENDSR_DOMAIN);
            env.put("HEED_DSR_OPENDSR_PROCESSOR_DOMAIN", OPENDSR_DOMAIN);
            env.put("HEED_DSR_OPENDSR_KEY_FILE", opendsr.keyFile().toAbsolutePath().toString());
            env.put("HEED_DSR_OPENDSR_CERTIFICATE_FILE", opendsr.chainFile().toAbsolutePath().toString());
            env.put("HEED_DSR_OPENDSR_CALLBACKS_ALLOW_HTTP", "true");
            env.put("HEED_DSR_OPENDSR_CONTROLLERS_LOCAL_TOKEN_SHA256",
                    sha256Hex(InstallationSecret.OPENDSR_CONTROLLER_TOKEN.persistentIn(receiptKeys.getParent())));
            env.put("HEED_DSR_OPENDSR_CONTROLLERS_LOCAL_CALLBACK_HOSTS", "127.0.0.1,localhost");
        }
        if (service.name().equals("audit-service")) {
            // Only the service that signs tree heads gets the private key; kept across restarts like the others.
            Path signingKey = AuditSigningKeys.persistentIn(receiptKeys.getParent());
            env.put("HEED_AUDIT_SIGNING_KEY_FILE", signingKey.toAbsolutePath().toString());
            env.put("HEED_AUDIT_SIGNING_PUBLIC_KEY_FILE", AuditSigningKeys.publicKey(signingKey).toAbsolutePath().toString());
        }
        // What the caller asked for this one service wins over the defaults above.
        env.putAll(service.environment());
        return env;
    }

    /** Kafka client settings as the environment variables Quarkus maps onto {@code kafka.*}: KAFKA_SASL_JAAS_CONFIG ... */
    public static Map<String, String> kafkaEnvironment(Map<String, String> kafka) {
        Map<String, String> env = new HashMap<>();
        kafka.forEach((key, value) -> env.put("KAFKA_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_'), value));
        return env;
    }

    public List<ServiceProcess> processes() {
        return List.copyOf(processes);
    }

    /** The first (or only) replica of a service. */
    public ServiceProcess process(String serviceName) {
        return replicas(serviceName).get(0);
    }

    public List<ServiceProcess> replicas(String serviceName) {
        return processes.stream().filter(p -> p.service().name().equals(serviceName)).toList();
    }

    /**
     * Starts {@code stopped}'s service again, with the same port and configuration, and waits until
     * it is ready: a replica coming back after a crash or a deployment.
     */
    public ServiceProcess restart(ServiceProcess stopped, Duration readyTimeout) {
        stopped.stop();
        HeedService service = stopped.service();
        ServiceProcess restarted = launch(service, environments.get(service.name() + ":" + service.port()));
        processes.set(processes.indexOf(stopped), restarted);
        restarted.awaitReady(readyTimeout);
        return restarted;
    }

    // Replicas of one service log to files of their own: <service>.log, <service>-<port>.log.
    private ServiceProcess launch(HeedService service, Map<String, String> environment) {
        boolean replica = processes.stream().anyMatch(p -> p.service().name().equals(service.name())
                && p.service().port() != service.port());
        String log = replica ? service.name() + "-" + service.port() + ".log" : service.name() + ".log";
        return ServiceProcess.start(service, service.runnableJar(projectRoot), environment,
                workDir.resolve("logs").resolve(log), tiedToThisJvm);
    }

    @Override
    public void close() {
        processes.parallelStream().forEach(ServiceProcess::stop);
    }

    private static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
