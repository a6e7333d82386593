package dev.heed.platform.recovery;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready while a consumer cannot apply its records (see {@link ConsumerRecovery}); ready again
 * by itself once they apply. Liveness stays UP: the consumer recovers in place, a restart would
 * not bring the database back sooner.
 */
@Readiness
@ApplicationScoped
public class StalledConsumersReadiness implements HealthCheck {

    private final ConsumerRecovery recovery;

    StalledConsumersReadiness(ConsumerRecovery recovery) {
        this.recovery = recovery;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, Duration> stalled = recovery.stalled();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Heed consumers").status(stalled.isEmpty());
        stalled.forEach((channel, duration) -> response.withData(channel, "stalled for " + duration.toSeconds() + " s"));
        return response.build();
    }
}
