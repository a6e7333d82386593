package dev.heed.consent.ledger;

import dev.heed.consent.purpose.PurposeVersion;
import dev.heed.consent.receipt.RecordedDecision;
import dev.heed.events.consent.ConsentChannel;
import dev.heed.events.consent.ConsentDecision;
import dev.heed.events.consent.ConsentState;
import dev.heed.events.consent.Decision;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One decision in the consent ledger. Rows are only ever inserted; the sequence the database
 * assigns orders the decisions of a subject and purpose and is the version token of a write.
 */
@Entity
@Table(name = "consent_decision")
public class LedgerEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "sequence", updatable = false)
    public Long sequence;

    @Column(name = "id", nullable = false, updatable = false)
    public UUID id;

    @Column(name = "subject_key", nullable = false, updatable = false)
    public String subjectKey;

    @Column(name = "purpose_id", nullable = false, updatable = false)
    public String purposeId;

    @Column(name = "purpose_version", nullable = false, updatable = false)
    public int purposeVersion;

    @Enumerated(EnumType.STRING)
    @Column(name = "decision", nullable = false, updatable = false)
    public Decision decision;

    @Enumerated(EnumType.STRING)
    @Column(name = "channel", nullable = false, updatable = false)
    public ConsentChannel channel;

    @Column(name = "collector_id", updatable = false)
    public String collectorId;

    @Column(name = "notice_version", updatable = false)
    public String noticeVersion;

    @Column(name = "expires_at", updatable = false)
    public Instant expiresAt;

    @Column(name = "jurisdiction", updatable = false)
    public String jurisdiction;

    @Column(name = "gpc", nullable = false, updatable = false)
    public boolean gpc;

    @Column(name = "recorded_at", nullable = false, updatable = false)
    public Instant recordedAt;

    static LedgerEntry of(DecisionCommand command, String subjectKey, int purposeVersion, Instant recordedAt) {
        LedgerEntry entry = new LedgerEntry();
        entry.id = UUID.randomUUID();
        entry.subjectKey = subjectKey;
        entry.purposeId = command.purposeId();
        entry.purposeVersion = purposeVersion;
        entry.decision = command.decision();
        entry.channel = command.channel();
        entry.collectorId = command.collectorId();
        entry.noticeVersion = command.noticeVersion();
        entry.expiresAt = command.expiresAt();
        entry.jurisdiction = command.jurisdiction();
        entry.gpc = command.gpc();
        entry.recordedAt = recordedAt;
        return entry;
    }

    /**
     * The decision that records {@code grant} reaching its expiry: against the grant's purpose
     * version, channel, notice and jurisdiction, keeping the expiry it reached.
     */
    static LedgerEntry expiryOf(LedgerEntry grant, String collectorId, Instant recordedAt) {
        LedgerEntry entry = new LedgerEntry();
        entry.id = UUID.randomUUID();
        entry.subjectKey = grant.subjectKey;
        entry.purposeId = grant.purposeId;
        entry.purposeVersion = grant.purposeVersion;
        entry.decision = Decision.EXPIRED;
        entry.channel = grant.channel;
        entry.collectorId = collectorId;
        entry.noticeVersion = grant.noticeVersion;
        entry.expiresAt = grant.expiresAt;
        entry.jurisdiction = grant.jurisdiction;
        entry.gpc = false;
        entry.recordedAt = recordedAt;
        return entry;
    }

    /**
     * The denial that records an opt-out of sale or sharing forwarded from a data-subject request,
     * against the purpose's latest version; {@code collectorId} names the request.
     */
    static LedgerEntry optOutOf(String subjectKey, PurposeVersion purpose, String collectorId, Instant recordedAt) {
        LedgerEntry entry = new LedgerEntry();
        entry.id = UUID.randomUUID();
        entry.subjectKey = subjectKey;
        entry.purposeId = purpose.purposeId;
        entry.purposeVersion = purpose.version;
        entry.decision = Decision.DENIED;
        entry.channel = ConsentChannel.DATA_SUBJECT_REQUEST;
        entry.collectorId = collectorId;
        entry.gpc = false;
        entry.recordedAt = recordedAt;
        return entry;
    }

    /**
     * An opt-out of sale or sharing: a denial from a Global Privacy Control signal or forwarded from
     * a data-subject request.
     */
    public boolean optsOut() {
        return decision == Decision.DENIED && (gpc || channel == ConsentChannel.DATA_SUBJECT_REQUEST);
    }

    /** How the decision reads at {@code now}: a grant whose expiry has passed is expired. */
    Decision effectiveAt(Instant now) {
        return decision == Decision.GRANTED && expiresAt != null && !expiresAt.isAfter(now)
                ? Decision.EXPIRED
                : decision;
    }

    /** The decision event's payload. */
    ConsentDecision toEvent() {
        return new ConsentDecision(id, subjectKey, purposeId, purposeVersion, decision, channel, collectorId,
                noticeVersion, expiresAt, jurisdiction, gpc, recordedAt);
    }

    /** What this decision's receipt attests. */
    RecordedDecision attested() {
        return new RecordedDecision(id, sequence, subjectKey, purposeId, purposeVersion, decision, channel, collectorId,
                noticeVersion, jurisdiction, expiresAt, gpc, recordedAt);
    }

    /** The latest-state record of this subject and purpose, which this decision now is. */
    ConsentState toState() {
        return new ConsentState(subjectKey, purposeId, purposeVersion, decision, id, expiresAt, gpc, recordedAt,
                sequence);
    }
}
