package dev.heed.retention.hold;

import dev.heed.events.retention.HoldScope;
import dev.heed.events.retention.LegalHold;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A legal hold as placed, and once released, who released it and why. */
@Entity
@Table(name = "legal_hold")
public class PlacedHold extends PanacheEntityBase {

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public HoldScope scope;

    @Column(name = "case_reference", nullable = false)
    public String caseReference;

    @Column(nullable = false)
    public String reason;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "subject_keys", nullable = false)
    public List<String> subjectKeys;

    /** In the order of {@link #subjectKeys}; empty for a category hold and once released. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "customer_ids", nullable = false)
    public List<String> customerIds;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "data_categories", nullable = false)
    public List<String> dataCategories;

    @Column(name = "placed_by", nullable = false)
    public String placedBy;

    @Column(name = "placed_at", nullable = false)
    public Instant placedAt;

    @Column(name = "review_date")
    public LocalDate reviewDate;

    @Column(name = "released_by")
    public String releasedBy;

    @Column(name = "release_reason")
    public String releaseReason;

    @Column(name = "released_at")
    public Instant releasedAt;

    @Version
    public long version;

    static PlacedHold place(HoldDefinition definition, List<String> subjectKeys, String placedBy, Instant now) {
        PlacedHold hold = new PlacedHold();
        hold.id = UUID.randomUUID();
        hold.scope = definition.scope();
        hold.caseReference = definition.caseReference();
        hold.reason = definition.reason();
        hold.subjectKeys = List.copyOf(subjectKeys);
        hold.customerIds = definition.customerIds();
        hold.dataCategories = definition.dataCategories().stream().sorted().toList();
        hold.placedBy = placedBy;
        hold.placedAt = now;
        hold.reviewDate = definition.reviewDate();
        return hold;
    }

    boolean isActive() {
        return releasedAt == null;
    }

    /** Active and the review date has passed (a hold is due for review on its review date, overdue after it). */
    boolean isReviewOverdue(LocalDate today) {
        return isActive() && reviewDate != null && reviewDate.isBefore(today);
    }

    /** Holds only what the record of the hold needs: the customer ids are no longer kept. */
    void release(String by, String why, Instant now) {
        releasedBy = by;
        releaseReason = why;
        releasedAt = now;
        customerIds = List.of();
    }

    /** The hold on the compacted legal-holds topic: subject keys, never customer ids. */
    LegalHold toEvent() {
        return new LegalHold(id, caseReference, Set.copyOf(subjectKeys), Set.copyOf(dataCategories), placedBy, reason,
                placedAt, scope, reviewDate);
    }
}
