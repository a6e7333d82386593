package dev.heed.retention.hold;

import dev.heed.events.retention.HoldScope;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * A validated hold placement.
 *
 * @param customerIds the held customers, distinct, in the order given; empty for a category hold
 * @param dataCategories the held categories; for a subject or case hold, empty means all their data
 */
record HoldDefinition(HoldScope scope, List<String> customerIds, Set<String> dataCategories, String caseReference,
        String reason, LocalDate reviewDate) {

    HoldDefinition {
        customerIds = List.copyOf(customerIds);
        dataCategories = Set.copyOf(dataCategories);
    }
}
