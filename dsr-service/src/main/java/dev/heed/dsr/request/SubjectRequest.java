package dev.heed.dsr.request;

import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestStatus;
import dev.heed.events.dsr.RequestType;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * One data-subject request. Its status only moves forward ({@link #moveTo}); identities and
 * parameters are personal data and are cleared when it closes.
 */
@Entity
@Table(name = "subject_request")
public class SubjectRequest extends PanacheEntityBase {

    static final Set<RequestStatus> CLOSED = EnumSet.of(RequestStatus.COMPLETED, RequestStatus.PARTIALLY_COMPLETED,
            RequestStatus.REJECTED, RequestStatus.CANCELLED);

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    @Column(name = "request_type", nullable = false, updatable = false)
    public RequestType requestType;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Regulation regulation;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RequestStatus status;

    @Column(name = "subject_key")
    public String subjectKey;

    /** JSON: verified identities by kind ({@code email}, {@code phone}); cleared on close. */
    public String identities;

    /** The identities a close just cleared, for this transaction's followers (a last status notice); never stored. */
    @jakarta.persistence.Transient
    public String identitiesAtClose;

    /** JSON: instructions for the systems (e.g. corrected values); cleared on close. */
    public String parameters;

    @Column(name = "purpose_id", updatable = false)
    public String purposeId;

    @Column(name = "received_at", nullable = false, updatable = false)
    public Instant receivedAt;

    @Column(name = "due_at", nullable = false, updatable = false)
    public Instant dueAt;

    @Column(name = "extended_due_at")
    public Instant extendedDueAt;

    @Column(name = "extension_reason")
    public String extensionReason;

    @Column(name = "verified_at")
    public Instant verifiedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "verification_method")
    public VerificationMethod verificationMethod;

    @Column(name = "verified_by")
    public String verifiedBy;

    @Column(name = "verification_note")
    public String verificationNote;

    @Column(name = "approval_required", nullable = false, updatable = false)
    public boolean approvalRequired;

    @Column(name = "approved_by")
    public String approvedBy;

    @Column(name = "approved_at")
    public Instant approvedAt;

    @Column(name = "directive_id")
    public UUID directiveId;

    @Column(name = "closed_at")
    public Instant closedAt;

    @Column(name = "close_reason")
    public String closeReason;

    @Column(name = "submitted_by", nullable = false, updatable = false)
    public String submittedBy;

    @Column(name = "duplicate_of")
    public UUID duplicateOf;

    @Version
    public int version;

    /** How the requester's identity was established. */
    public enum VerificationMethod {
        /** A one-time code sent to the identity was entered. */
        CODE,
        /** An authenticated operator vouched for a customer they had verified. */
        OPERATOR,
        /** Verified outside Heed by whoever filed it (an OpenDSR controller); the waiver names them. */
        WAIVED
    }

    /** The deadline in force: the extended one once extended. */
    public Instant deadline() {
        return extendedDueAt != null ? extendedDueAt : dueAt;
    }

    public boolean isClosed() {
        return CLOSED.contains(status);
    }

    public boolean isOverdue(Instant now) {
        return !isClosed() && deadline().isBefore(now);
    }

    /** Moves the status on; closing clears the personal data the request carried. */
    public RequestStatus moveTo(RequestStatus next, Instant now, String reason) {
        RequestStatus from = status;
        status = next;
        if (CLOSED.contains(next)) {
            closedAt = now;
            closeReason = reason;
            identitiesAtClose = identities;
            identities = null;
            parameters = null;
        }
        return from;
    }
}
