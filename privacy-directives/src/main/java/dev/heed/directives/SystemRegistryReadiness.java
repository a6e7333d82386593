package dev.heed.directives;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the registry view has caught up: a replica must not resolve recipients from half a registry. */
@Readiness
@Singleton
class SystemRegistryReadiness implements HealthCheck {

    private final SystemRegistryView registry;

    SystemRegistryReadiness(SystemRegistryView registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        if (!registry.isEnabled()) {
            return HealthCheckResponse.named("heed-system-registry").up().withData("enabled", false).build();
        }
        return HealthCheckResponse.named("heed-system-registry")
                .status(registry.isReady())
                .withData("systems", registry.systems().size())
                .build();
    }
}
