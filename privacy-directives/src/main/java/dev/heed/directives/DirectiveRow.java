package dev.heed.directives;

import dev.heed.events.directive.DirectiveKind;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;
import java.time.Instant;
import java.util.UUID;

/** A directive as stored: no identities and no parameters, only what its outcome needs. */
@Entity
@DynamicUpdate
@Table(name = "directive", schema = DirectivesSchema.SCHEMA)
class DirectiveRow {

    @Id
    private UUID id;

    @Enumerated(EnumType.STRING)
    private DirectiveKind kind;

    private String issuer;

    @Column(name = "subject_key")
    private String subjectKey;

    @Column(name = "purpose_id")
    private String purposeId;

    @Column(name = "data_categories")
    private String dataCategories;

    private String reference;

    @Enumerated(EnumType.STRING)
    private DirectiveState state;

    @Column(name = "issued_at")
    private Instant issuedAt;

    private Instant deadline;

    @Column(name = "settled_at")
    private Instant settledAt;

    @Column(name = "recipient_count")
    private int recipientCount;

    protected DirectiveRow() {
    }

    DirectiveRow(UUID id, DirectiveKind kind, String issuer, String subjectKey, String purposeId,
            String dataCategories, String reference, Instant issuedAt, Instant deadline, int recipientCount) {
        this.id = id;
        this.kind = kind;
        this.issuer = issuer;
        this.subjectKey = subjectKey;
        this.purposeId = purposeId;
        this.dataCategories = dataCategories;
        this.reference = reference;
        this.state = DirectiveState.ISSUED;
        this.issuedAt = issuedAt;
        this.deadline = deadline;
        this.recipientCount = recipientCount;
    }

    public void settle(DirectiveState outcome, Instant at) {
        this.state = outcome;
        this.settledAt = at;
    }

    public UUID id() {
        return id;
    }

    public DirectiveKind kind() {
        return kind;
    }

    public String issuer() {
        return issuer;
    }

    public String subjectKey() {
        return subjectKey;
    }

    public String purposeId() {
        return purposeId;
    }

    public String dataCategories() {
        return dataCategories;
    }

    public String reference() {
        return reference;
    }

    public DirectiveState state() {
        return state;
    }

    public Instant issuedAt() {
        return issuedAt;
    }

    public Instant deadline() {
        return deadline;
    }

    public Instant settledAt() {
        return settledAt;
    }

    public int recipientCount() {
        return recipientCount;
    }
}
