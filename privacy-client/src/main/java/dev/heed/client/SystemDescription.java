package dev.heed.client;

import java.util.Objects;
import java.util.Set;

/**
 * What a system says about itself when it announces itself to dsr-service: the data map's entry
 * for it. The directives it handles are not part of it: they are the kinds it has handlers for.
 *
 * @param dataCategories the data categories it holds, at least one (ids from the purpose catalogue)
 * @param purposes the purposes it processes that data for (purpose ids)
 */
public record SystemDescription(String name, String ownerTeam, Set<String> dataCategories, Set<String> purposes) {

    public SystemDescription {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ownerTeam, "ownerTeam");
        dataCategories = Set.copyOf(dataCategories);
        purposes = Set.copyOf(purposes);
        if (dataCategories.isEmpty()) {
            throw new IllegalArgumentException("dataCategories needs at least one entry");
        }
    }
}
