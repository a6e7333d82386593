package dev.heed.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SystemSettingsTest {

    private static final String SECRET = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void readsTheSystemsSettingsAndEveryKafkaVariableAsTheClientSettingItNames() {
        SystemSettings settings = SystemSettings.from(Map.of(
                "JDBC_URL", "jdbc:postgresql://db/desk",
                "JDBC_PASSWORD", "s3cret",
                "HEED_SUBJECT_KEYS_VERSION", "2",
                "HEED_SUBJECT_KEYS_SECRET", SECRET,
                "KAFKA_BOOTSTRAP_SERVERS", " kafka:9092 ",
                "KAFKA_SASL_JAAS_CONFIG", "jaas",
                "KAFKA_SECURITY_PROTOCOL", "",
                "HEED_DSR_URL", "http://dsr:8082"), "support-desk");

        assertEquals("support-desk", settings.systemId());
        assertEquals(Map.of("bootstrap.servers", "kafka:9092", "sasl.jaas.config", "jaas"), settings.kafka());
        assertEquals(2, settings.subjectKeys().keyVersion());
        assertEquals(Optional.of(URI.create("http://dsr:8082")), settings.dsrUrl());
        assertFalse(settings.systemToken().isPresent());
        assertFalse(settings.database().toString().contains("s3cret"), "the password is never shown");
    }

    @Test
    void theRegisteredIdFromTheEnvironmentWins() {
        assertEquals("desk-eu", SystemSettings.from(Map.of("JDBC_URL", "jdbc:x", "HEED_SUBJECT_KEYS_SECRET", SECRET,
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "HEED_SYSTEM_ID", "desk-eu"), "support-desk").systemId());
    }

    @Test
    void refusesToStartWithoutWhatItCannotGuess() {
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> SystemSettings.from(
                Map.of("JDBC_URL", "jdbc:x", "KAFKA_BOOTSTRAP_SERVERS", "kafka:9092"), "support-desk"));
        assertEquals("HEED_SUBJECT_KEYS_SECRET is not set", missing.getMessage());
    }
}
