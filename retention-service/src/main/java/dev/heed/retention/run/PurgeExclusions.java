package dev.heed.retention.run;

import io.smallrye.mutiny.Uni;

/** What a purge of one data category on one system must leave alone because of legal holds. */
public interface PurgeExclusions {

    /**
     * @param dataCategory the category the purge covers
     * @param systemId the system the directive goes to (on its own topic, so it may carry customer ids)
     */
    Uni<HeldForPurge> forCategory(String dataCategory, String systemId);
}
