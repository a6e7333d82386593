package dev.heed.retention.run;

import java.util.Set;

/**
 * Subjects a purge directive to one system must skip.
 *
 * @param subjectKeys held subjects by subject key
 * @param customerIds the same or further held subjects by customer id; they travel only on the system's own topic
 * @param wholeCategory a hold covers the whole category: nothing is purged there
 */
public record HeldForPurge(Set<String> subjectKeys, Set<String> customerIds, boolean wholeCategory) {

    public static final HeldForPurge NOTHING = new HeldForPurge(Set.of(), Set.of(), false);

    public HeldForPurge {
        subjectKeys = subjectKeys == null ? Set.of() : Set.copyOf(subjectKeys);
        customerIds = customerIds == null ? Set.of() : Set.copyOf(customerIds);
    }
}
