package dev.heed.dsr.opendsr.vendor;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** The OpenDSR request sent (or to be sent) to a vendor for one task. */
@Entity
@Table(name = "opendsr_vendor_request")
public class VendorRequest extends PanacheEntityBase {

    @Id
    @Column(name = "subject_request_id")
    public UUID subjectRequestId;

    @Column(name = "task_id", nullable = false, updatable = false)
    public UUID taskId;

    @Column(name = "directive_id", nullable = false, updatable = false)
    public UUID directiveId;

    @Column(name = "system_id", nullable = false, updatable = false)
    public String systemId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public VendorRequestState state;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "last_failure")
    public String lastFailure;

    @Column(name = "accepted_at")
    public Instant acceptedAt;

    @Column(name = "expected_completion_time")
    public Instant expectedCompletionTime;

    @Column(name = "vendor_status")
    public String vendorStatus;

    @Column(name = "vendor_status_at")
    public Instant vendorStatusAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    static VendorRequest forTask(UUID taskId, UUID directiveId, String systemId, Instant now) {
        VendorRequest request = new VendorRequest();
        request.subjectRequestId = SubjectRequestIds.of(directiveId, systemId);
        request.taskId = taskId;
        request.directiveId = directiveId;
        request.systemId = systemId;
        request.state = VendorRequestState.SENDING;
        request.nextAttemptAt = now;
        request.createdAt = now;
        return request;
    }

    /** An attempt failed: the next one waits twice as long as the last, within the bounds. */
    void failed(String why, Instant now, Duration initial, Duration max) {
        attempts++;
        lastFailure = why;
        Duration wait = initial.multipliedBy(1L << Math.min(attempts - 1, 20));
        nextAttemptAt = now.plus(wait.compareTo(max) > 0 ? max : wait);
    }

    void unsendable(String why, Instant now) {
        state = VendorRequestState.UNSENDABLE;
        lastFailure = why;
        nextAttemptAt = now;
    }

    /**
     * Records a status the vendor reported with a valid signature.
     *
     * @return whether it differs from the last one reported; a late {@code pending} (say, the create
     *     response arriving after the completion callback) never takes the place of a final status
     */
    boolean reported(String status, Instant now, Duration statusAfter) {
        if (state == VendorRequestState.ANSWERED && !VendorStatus.isFinal(status)) {
            return false;
        }
        boolean changed = !status.equals(vendorStatus);
        vendorStatus = status;
        vendorStatusAt = now;
        lastFailure = null;
        if (state == VendorRequestState.SENDING) {
            state = VendorRequestState.ACCEPTED;
            acceptedAt = now;
        }
        if (VendorStatus.isFinal(status)) {
            state = VendorRequestState.ANSWERED;
        }
        nextAttemptAt = now.plus(statusAfter);
        return changed;
    }
}
