package dev.heed.retention.consent;

import dev.heed.events.directive.DirectiveOutcome;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A subject-level purge scheduled because consent for a purpose ended. Inserted only through
 * {@link ConsentPurges}, once per (decision, policy).
 */
@Entity
@Table(name = "consent_purge")
public class ConsentPurge extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "subject_key", nullable = false)
    public String subjectKey;

    @Column(name = "purpose_id", nullable = false)
    public String purposeId;

    @Column(name = "policy_id", nullable = false)
    public String policyId;

    @Column(name = "policy_version", nullable = false)
    public int policyVersion;

    @Column(name = "data_category", nullable = false)
    public String dataCategory;

    @Column(name = "decision_id", nullable = false)
    public UUID decisionId;

    @Column(name = "event_id", nullable = false)
    public String eventId;

    @Column(name = "consent_ended_at", nullable = false)
    public Instant consentEndedAt;

    @Column(name = "due_at", nullable = false)
    public Instant dueAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ConsentPurgeStatus status;

    @Column(name = "scheduled_at", nullable = false)
    public Instant scheduledAt;

    @Column(name = "held_since")
    public Instant heldSince;

    @Column(name = "directive_id")
    public UUID directiveId;

    @Column(name = "issued_at")
    public Instant issuedAt;

    @Enumerated(EnumType.STRING)
    public DirectiveOutcome outcome;

    @Column(name = "records_affected")
    public Long recordsAffected;

    @Column(name = "settled_at")
    public Instant settledAt;

    @Column(name = "cancelled_at")
    public Instant cancelledAt;

    @Column(name = "cancelled_by")
    public UUID cancelledBy;
}
