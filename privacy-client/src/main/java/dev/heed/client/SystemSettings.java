package dev.heed.client;

import dev.heed.events.subject.SubjectKeys;
import java.net.URI;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A downstream system's configuration, from the environment as in any deployment: where Kafka and
 * the system's database are ({@code JDBC_URL}, {@code JDBC_USER}, {@code JDBC_PASSWORD}; the JDBC
 * driver must be on the class path), the id it was registered with ({@code HEED_SYSTEM_ID}), the
 * installation's subject-key secret ({@code HEED_SUBJECT_KEYS_VERSION}, {@code HEED_SUBJECT_KEYS_SECRET}:
 * the same version and secret as every Heed service, so that keys match), and, to announce itself at
 * start-up, dsr-service's address and the system's own token ({@code HEED_DSR_URL},
 * {@code HEED_SYSTEM_TOKEN}: both or neither). On a secured cluster the system's Kafka credentials
 * come as the services' do: KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM, KAFKA_SASL_JAAS_CONFIG,
 * KAFKA_SSL_TRUSTSTORE_LOCATION ...
 *
 * @param kafka the Kafka client settings, {@code bootstrap.servers} included
 */
public record SystemSettings(Map<String, String> kafka, DataSource database, String systemId,
        SubjectKeys subjectKeys, Optional<URI> dsrUrl, Optional<String> systemToken) {

    private static final String KAFKA_PREFIX = "KAFKA_";

    /** @param systemId the id when {@code HEED_SYSTEM_ID} is not set */
    public static SystemSettings fromEnvironment(String systemId) {
        return from(System.getenv(), systemId);
    }

    static SystemSettings from(Map<String, String> environment, String systemId) {
        Variables variables = new Variables(environment);
        DataSource database = new DriverManagerDataSource(variables.required("JDBC_URL"),
                variables.optional("JDBC_USER", "postgres"), variables.optional("JDBC_PASSWORD", ""));
        SubjectKeys keys = new SubjectKeys(Integer.parseInt(variables.optional("HEED_SUBJECT_KEYS_VERSION", "1")),
                Base64.getDecoder().decode(variables.required("HEED_SUBJECT_KEYS_SECRET")));
        variables.required("KAFKA_BOOTSTRAP_SERVERS");
        return new SystemSettings(kafka(environment), database, variables.optional("HEED_SYSTEM_ID", systemId), keys,
                Optional.ofNullable(variables.optional("HEED_DSR_URL", null)).map(URI::create),
                Optional.ofNullable(variables.optional("HEED_SYSTEM_TOKEN", null)));
    }

    /**
     * Every {@code KAFKA_*} variable as the Kafka client setting it names, the way Quarkus maps
     * them for the services: KAFKA_SASL_JAAS_CONFIG is {@code sasl.jaas.config}.
     */
    private static Map<String, String> kafka(Map<String, String> environment) {
        Map<String, String> kafka = new HashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(KAFKA_PREFIX) && !value.isBlank()) {
                kafka.put(name.substring(KAFKA_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value.strip());
            }
        });
        return kafka;
    }

    private record Variables(Map<String, String> environment) {

        String required(String name) {
            String value = environment.get(name);
            if (value == null || value.isBlank()) {
                throw new IllegalStateException(name + " is not set");
            }
            return value.strip();
        }

        String optional(String name, String otherwise) {
            String value = environment.get(name);
            return value == null || value.isBlank() ? otherwise : value.strip();
        }
    }
}
