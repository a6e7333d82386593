package dev.heed.retention.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The service with a clock the test moves, and the leader-only jobs (scheduled purge runs, consent
 * purges, directive re-sends and deadlines, hold gauges) run by nobody but the test, so a moved clock
 * changes nothing behind its back.
 */
public class MovableTime implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                // Selects the alternative producer (a profile's enabled alternatives must be bean classes).
                "quarkus.arc.selected-alternatives", MovableClock.class.getName(),
                "heed.directives.deadlines.every", "off",
                "heed.directives.resend.every", "off",
                "heed.retention.holds.metrics.every", "off",
                "heed.retention.consent-purges.every", "off",
                "heed.retention.runs.cron", "off");
    }
}
