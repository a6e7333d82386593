package dev.heed.directives.config;

import dev.heed.events.Topics;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The acknowledgement consumer's topic pattern, as a configuration default (the ordinal of
 * {@code microprofile-config.properties}) taken from {@link Topics#ACKS_PATTERN}, so that the
 * pattern is written once. Public, in a package of its own, because the ServiceLoader needs it so;
 * it is no part of the library's seam.
 */
public class AcksTopicConfig implements ConfigSource {

    public static final String TOPIC = "mp.messaging.incoming.heed-directive-acks.topic";

    private static final Map<String, String> VALUES = Map.of(TOPIC, Topics.ACKS_PATTERN);

    @Override
    public Set<String> getPropertyNames() {
        return VALUES.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return VALUES.get(propertyName);
    }

    @Override
    public String getName() {
        return "heed-directives-acks-topic";
    }

    @Override
    public int getOrdinal() {
        return 100;
    }
}
