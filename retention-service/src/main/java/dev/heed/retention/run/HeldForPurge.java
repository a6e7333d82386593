package dev.heed.retention.run;

import java.util.Set;
import java.util.UUID;

/**
 * The held part of a data category: a purge directive tells its system to keep it.
 *
 * @param wholeCategory a hold keeps the whole category for everyone: nothing of it may be purged
 * @param subjectKeys the held subjects, by subject key
 * @param customerIds the same subjects by customer id, for the one system the directive goes to
 * @param holdIds the holds that apply
 */
public record HeldForPurge(boolean wholeCategory, Set<String> subjectKeys, Set<String> customerIds,
        Set<UUID> holdIds) {

    public HeldForPurge {
        subjectKeys = Set.copyOf(subjectKeys);
        customerIds = Set.copyOf(customerIds);
        holdIds = Set.copyOf(holdIds);
    }

    public static HeldForPurge nothing() {
        return new HeldForPurge(false, Set.of(), Set.of(), Set.of());
    }
}
