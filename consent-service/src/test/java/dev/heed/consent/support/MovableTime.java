package dev.heed.consent.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The service with a clock the test moves, and the leader-only jobs (expiry, deadlines, re-sends)
 * run by the test rather than by the scheduler, so a moved clock changes nothing behind its back.
 */
public class MovableTime implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                // Selects the alternative producer (a profile's enabled alternatives must be bean classes).
                "quarkus.arc.selected-alternatives", MovableClock.class.getName(),
                "heed.consent.expiry.every", "off",
                "heed.directives.deadlines.every", "off",
                "heed.directives.resend.every", "off",
                "heed.platform.leadership.check-interval", "PT0.5S",
                "heed.platform.relay.poll-interval", "PT0.5S",
                "heed.directives.registry.partition-refresh", "PT1S",
                "mp.messaging.incoming.heed-directive-acks.metadata.max.age.ms", "1000",
                "mp.messaging.incoming.dsr-events.metadata.max.age.ms", "1000");
    }
}
