package dev.heed.dsr.hold;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the legal-hold view has caught up: a replica must not erase what a hold it has not read keeps. */
@Readiness
@Singleton
public class LegalHoldReadiness implements HealthCheck {

    private final LegalHoldView holds;

    LegalHoldReadiness(LegalHoldView holds) {
        this.holds = holds;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("heed-legal-holds")
                .status(holds.isReady())
                .withData("holds", holds.size())
                .build();
    }
}
