package dev.heed.retention.catalogue;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the purpose catalogue view has caught up: policies are checked against it. */
@Readiness
@Singleton
public class PurposeCatalogueReadiness implements HealthCheck {

    private final PurposeCatalogueView catalogue;

    PurposeCatalogueReadiness(PurposeCatalogueView catalogue) {
        this.catalogue = catalogue;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("heed-purpose-catalogue")
                .status(catalogue.isReady())
                .withData("purposes", catalogue.size())
                .build();
    }
}
