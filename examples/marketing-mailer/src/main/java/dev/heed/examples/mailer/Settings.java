package dev.heed.examples.mailer;

import dev.heed.events.subject.SubjectKeys;
import java.net.URI;
import java.util.Base64;
import java.util.Optional;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The mailer's configuration, from the environment as in any deployment: where Kafka and the
 * mailer's database are, the id it was registered with, and the installation's subject-key secret
 * (the same version and secret as every Heed service, so that keys match), and, to announce itself
 * at start-up, dsr-service's address and the system's own token (both or neither).
 */
record Settings(String bootstrapServers, PGSimpleDataSource database, String systemId, SubjectKeys subjectKeys,
        Optional<URI> dsrUrl, Optional<String> systemToken) {

    static Settings fromEnvironment() {
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setURL(required("JDBC_URL"));
        database.setUser(optional("JDBC_USER", "postgres"));
        database.setPassword(optional("JDBC_PASSWORD", ""));
        SubjectKeys keys = new SubjectKeys(Integer.parseInt(optional("HEED_SUBJECT_KEYS_VERSION", "1")),
                Base64.getDecoder().decode(required("HEED_SUBJECT_KEYS_SECRET")));
        return new Settings(required("KAFKA_BOOTSTRAP_SERVERS"), database, optional("HEED_SYSTEM_ID", "marketing-mailer"),
                keys, Optional.ofNullable(optional("HEED_DSR_URL", null)).map(URI::create),
                Optional.ofNullable(optional("HEED_SYSTEM_TOKEN", null)));
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
