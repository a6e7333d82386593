package dev.heed.retention.hold;

import dev.heed.events.retention.HoldScope;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A hold as the API shows it: subjects by subject key only, never by customer id. */
public record HoldResponse(UUID id, HoldScope scope, String caseReference, String reason, List<String> subjectKeys,
        List<String> dataCategories, String placedBy, Instant placedAt, LocalDate reviewDate, boolean active,
        boolean reviewOverdue, String releasedBy, String releaseReason, Instant releasedAt) {

    static HoldResponse of(PlacedHold hold, LocalDate today) {
        return new HoldResponse(hold.id, hold.scope, hold.caseReference, hold.reason, hold.subjectKeys,
                hold.dataCategories, hold.placedBy, hold.placedAt, hold.reviewDate, hold.isActive(),
                hold.isReviewOverdue(today), hold.releasedBy, hold.releaseReason, hold.releasedAt);
    }
}
