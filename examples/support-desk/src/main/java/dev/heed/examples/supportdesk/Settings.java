package dev.heed.examples.supportdesk;

import dev.heed.events.subject.SubjectKeys;
import java.net.URI;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The desk's configuration, from the environment as in any deployment: where Kafka and the
 * desk's database are, the id it was registered with, and the installation's subject-key secret
 * (the same version and secret as every Heed service, so that keys match), and, to announce itself
 * at start-up, dsr-service's address and the system's own token (both or neither). On a secured
 * cluster the system's Kafka credentials come as the services' do: KAFKA_SECURITY_PROTOCOL,
 * KAFKA_SASL_MECHANISM, KAFKA_SASL_JAAS_CONFIG, KAFKA_SSL_TRUSTSTORE_LOCATION ...
 */
record Settings(Map<String, String> kafka, PGSimpleDataSource database, String systemId, SubjectKeys subjectKeys,
        Optional<URI> dsrUrl, Optional<String> systemToken) {

    private static final String KAFKA_PREFIX = "KAFKA_";

    static Settings fromEnvironment() {
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setURL(required("JDBC_URL"));
        database.setUser(optional("JDBC_USER", "postgres"));
        database.setPassword(optional("JDBC_PASSWORD", ""));
        SubjectKeys keys = new SubjectKeys(Integer.parseInt(optional("HEED_SUBJECT_KEYS_VERSION", "1")),
                Base64.getDecoder().decode(required("HEED_SUBJECT_KEYS_SECRET")));
        required("KAFKA_BOOTSTRAP_SERVERS");
        return new Settings(kafka(), database, optional("HEED_SYSTEM_ID", "support-desk"),
                keys, Optional.ofNullable(optional("HEED_DSR_URL", null)).map(URI::create),
                Optional.ofNullable(optional("HEED_SYSTEM_TOKEN", null)));
    }

    /**
     * Every {@code KAFKA_*} variable as the Kafka client setting it names, the way Quarkus maps
     * them for the services: KAFKA_SASL_JAAS_CONFIG is {@code sasl.jaas.config}.
     */
    private static Map<String, String> kafka() {
        Map<String, String> kafka = new HashMap<>();
        System.getenv().forEach((name, value) -> {
            if (name.startsWith(KAFKA_PREFIX) && !value.isBlank()) {
                kafka.put(name.substring(KAFKA_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value.strip());
            }
        });
        return kafka;
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set");
        }
        return value.strip();
    }

    private static String optional(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value.strip();
    }
}
