package dev.heed.retention.run;

import io.smallrye.mutiny.Uni;

/**
 * What a purge must leave alone at one system: the seam legal holds plug into. The default bean
 * ({@link NoPurgeExclusions}) excludes nothing; a bean of this type without {@code @DefaultBean}
 * replaces it.
 */
public interface PurgeExclusions {

    /** What is held in {@code dataCategory} at {@code systemId}, as that system can match it. */
    Uni<HeldForPurge> forCategory(String dataCategory, String systemId);
}
