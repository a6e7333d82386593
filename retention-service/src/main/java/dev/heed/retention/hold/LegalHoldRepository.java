package dev.heed.retention.hold;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The named queries of the {@code legal_hold} table, in the caller's session. */
@ApplicationScoped
public class LegalHoldRepository implements PanacheRepositoryBase<PlacedHold, UUID> {

    Uni<List<PlacedHold>> active() {
        return list("releasedAt is null");
    }

    /**
     * Holds, newest first.
     *
     * @param active only active ({@code true}) or only released ({@code false}) holds; all when empty
     * @param reviewOverdue only active holds whose review date is before {@code today}
     */
    Uni<List<PlacedHold>> newestFirst(Optional<Boolean> active, boolean reviewOverdue, LocalDate today, int limit) {
        List<String> where = new ArrayList<>();
        Parameters parameters = new Parameters();
        active.ifPresent(wanted -> where.add(wanted ? "releasedAt is null" : "releasedAt is not null"));
        if (reviewOverdue) {
            where.add("releasedAt is null and reviewDate < :today");
            parameters.and("today", today);
        }
        // Panache reads a query that does not start with "from" or "order by" as a where clause.
        String query = (where.isEmpty() ? "" : String.join(" and ", where) + " ") + "order by placedAt desc, id";
        return find(query, parameters).range(0, limit - 1).list();
    }

    Uni<Long> countActive() {
        return count("releasedAt is null");
    }

    Uni<Long> countReviewOverdue(LocalDate today) {
        return count("releasedAt is null and reviewDate < ?1", today);
    }
}
