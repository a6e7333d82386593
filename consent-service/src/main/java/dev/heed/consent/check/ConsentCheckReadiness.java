package dev.heed.consent.check;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready until the consent cache's feed and the purpose view have caught up: an answer from a
 * half-read cache could allow what a subject already withdrew.
 */
@Readiness
@Singleton
public class ConsentCheckReadiness implements HealthCheck {

    private final ConsentStateFeed feed;
    private final PublishedPurposes purposes;

    ConsentCheckReadiness(ConsentStateFeed feed, PublishedPurposes purposes) {
        this.feed = feed;
        this.purposes = purposes;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("heed-consent-check")
                .status(feed.isReady() && purposes.isReady())
                .withData("consentStateFeed", feed.isReady())
                .withData("purposes", purposes.isReady())
                .withData("cachedStates", feed.cache().size())
                .build();
    }
}
