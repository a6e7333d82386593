package dev.heed.retention.hold;

import dev.heed.retention.run.HeldForPurge;
import dev.heed.retention.run.PurgeExclusions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Purge exclusions from the active holds in this service's own table, which alone keeps the
 * customer ids. Holds name no systems: every system holding a held category keeps it.
 */
@ApplicationScoped
public class HoldExclusions implements PurgeExclusions {

    private final LegalHoldRepository holds;

    HoldExclusions(LegalHoldRepository holds) {
        this.holds = holds;
    }

    @Override
    public Uni<HeldForPurge> forCategory(String dataCategory, String systemId) {
        return Panache.withSession(holds::active)
                .map(holds -> heldIn(dataCategory, holds));
    }

    static HeldForPurge heldIn(String dataCategory, List<PlacedHold> activeHolds) {
        boolean wholeCategory = false;
        Set<String> subjectKeys = new HashSet<>();
        Set<String> customerIds = new HashSet<>();
        Set<UUID> holdIds = new HashSet<>();
        for (PlacedHold hold : activeHolds) {
            // A subject or case hold without categories keeps all of its subjects' data.
            if (!hold.dataCategories.isEmpty() && !hold.dataCategories.contains(dataCategory)) {
                continue;
            }
            holdIds.add(hold.id);
            if (hold.subjectKeys.isEmpty()) {
                wholeCategory = true;
            }
            subjectKeys.addAll(hold.subjectKeys);
            customerIds.addAll(hold.customerIds);
        }
        return new HeldForPurge(wholeCategory, subjectKeys, customerIds, holdIds);
    }
}
