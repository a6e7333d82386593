package dev.heed.directives.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.heed.events.Topics;
import java.util.ServiceLoader;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

class AcksTopicConfigTest {

    @Test
    void theAcknowledgementConsumerSubscribesWithTheContractsPattern() {
        ConfigSource source = ServiceLoader.load(ConfigSource.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(AcksTopicConfig.class::isInstance)
                .findFirst().orElseThrow();
        assertEquals(Topics.ACKS_PATTERN, source.getValue(AcksTopicConfig.TOPIC));
        assertTrue(Topics.acks("crm").matches(source.getValue(AcksTopicConfig.TOPIC)));
        assertEquals(100, source.getOrdinal(), "below a service's application.properties");
    }
}
