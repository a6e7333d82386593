package dev.heed.testkit.quarkus;

import dev.heed.testkit.HeedInfra;
import dev.heed.testkit.audit.AuditSigningKeys;
import dev.heed.testkit.jwt.TestTokens;
import dev.heed.testkit.mail.TestMailServer;
import dev.heed.testkit.receipt.ReceiptSigningKeys;
import dev.heed.testkit.subject.InstallationSecret;
import dev.heed.testkit.subject.SubjectKeySecret;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Points a Quarkus test at the JVM's shared real Kafka broker and PostgreSQL server, gives the
 * service its own database, makes it trust {@link TestTokens}, and gives it the JVM's
 * subject-key secret, dsr-service's verification-code secret and real SMTP server ({@link TestMailServer}), receipt signing keys ({@link ReceiptSigningKeys}; which key signs is the
 * service's {@code %test} configuration, so a test profile can rotate it) and audit-service's tree-head key ({@link AuditSigningKeys}). Init argument {@code database}
 * names the database (default {@code heed}).
 *
 * <p>The service connects to Kafka as its own KafkaUser of deploy/k8s (SCRAM-SHA-512, only that
 * user's ACLs): init argument {@code kafka-user}, or else the service the database belongs to
 * ({@code consent}, {@code dsr_x} ... give {@code consent-service}, {@code dsr-service} ...). A test
 * of something that is not a service (database {@code heed}, {@code directives}) stays on the
 * unrestricted listener. A test's own Kafka clients (producing input, reading what the service
 * wrote, creating a test system's topics) use the unrestricted listener, {@value #TOOLING_BOOTSTRAP_SERVERS}.
 *
 * <pre>{@code
 * @QuarkusTestResource(value = HeedTestResource.class,
 *         initArgs = @ResourceArg(name = "database", value = "consent"))
 * }</pre>
 */
public class HeedTestResource implements QuarkusTestResourceLifecycleManager {

    /** Where a test's own Kafka clients connect: no credentials, no ACLs. */
    public static final String TOOLING_BOOTSTRAP_SERVERS = "heed.testkit.kafka.bootstrap-servers";

    private static final Set<String> SERVICES = Set.of("consent", "dsr", "audit", "retention");

    private String database = "heed";
    private String service = "";
    private Optional<String> kafkaUser = Optional.empty();

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
        service = database.split("_", 2)[0];
        kafkaUser = Optional.ofNullable(initArgs.get("kafka-user"))
                .or(() -> Optional.of(service).filter(SERVICES::contains).map(s -> s + "-service"));
    }

    @Override
    public Map<String, String> start() {
        HeedInfra infra = HeedInfra.get();
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", infra.kafkaBootstrapServers());
        config.put(TOOLING_BOOTSTRAP_SERVERS, infra.kafkaBootstrapServers());
        kafkaUser.flatMap(infra::kafkaSettingsAs)
                .ifPresent(settings -> settings.forEach((key, value) -> config.put("kafka." + key, value)));
        config.put("quarkus.datasource.jdbc.url", infra.jdbcUrl(database));
        config.put("quarkus.datasource.reactive.url", infra.reactiveUrl(database));
        config.put("quarkus.datasource.username", infra.username());
        config.put("quarkus.datasource.password", infra.password());
        config.put("quarkus.devservices.enabled", "false");
        config.put("quarkus.kafka.devservices.enabled", "false");
        config.put("quarkus.datasource.devservices.enabled", "false");
        config.put("mp.jwt.verify.publickey", TestTokens.publicKeyPem());
        config.put("mp.jwt.verify.issuer", TestTokens.ISSUER);
        config.put("heed.subject-keys.version", Integer.toString(SubjectKeySecret.VERSION));
        config.put("heed.subject-keys.secret", SubjectKeySecret.perJvm());
        config.put("heed.receipts.signing-keys", ReceiptSigningKeys.perJvm().toString());
        config.put("heed.dsr.verification.secret", InstallationSecret.DSR_VERIFICATION.perJvm());
        config.put("heed.audit.signing.key-file", AuditSigningKeys.perJvm().toString());
        config.put("heed.audit.signing.public-key-file", AuditSigningKeys.publicKey(AuditSigningKeys.perJvm()).toString());
        if (service.equals("dsr")) {
            // Notices go over SMTP to the JVM's real mail server; tests read its inbox.
            config.put("quarkus.mailer.host", "127.0.0.1");
            config.put("quarkus.mailer.port", Integer.toString(TestMailServer.get().smtpPort()));
            config.put("quarkus.mailer.start-tls", "DISABLED");
        }
        return config;
    }

    @Override
    public void stop() {
        // The broker and database outlive each test class; the JVM's shutdown stops them.
    }
}
