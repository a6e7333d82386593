package dev.heed.dsr.request;

import dev.heed.dsr.hold.HoldReference;
import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestStatus;
import dev.heed.events.dsr.RequestType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A request as operators see it: no identities or parameters, only the subject key, and the
 * directive with one task per system (state, answer time, record counts) once it was sent.
 *
 * @param deadline the deadline in force (the extended one once extended)
 * @param overdue past the deadline in force while open; a request {@code ON_HOLD} stays overdue (the legal
 *     deadline keeps running) and says why it waits in {@code holds}
 * @param directive {@code null} until the request is in progress
 * @param holds the legal holds an erasure waits for (case reference and reason); empty when none
 */
public record RequestResponse(UUID id, RequestType type, Regulation regulation, RequestStatus status, String subjectKey,
        Instant receivedAt, Instant dueAt, Instant extendedDueAt, String extensionReason, Instant deadline,
        boolean overdue, Instant verifiedAt, SubjectRequest.VerificationMethod verificationMethod, String verifiedBy,
        boolean approvalRequired, String approvedBy, Instant approvedAt, String submittedBy, Instant closedAt,
        String closeReason, RequestDirective directive, List<HoldReference> holds) {

    static RequestResponse of(SubjectRequest request, RequestDirective directive, List<HoldReference> holds, Instant now) {
        return new RequestResponse(request.id, request.requestType, request.regulation, request.status, request.subjectKey,
                request.receivedAt, request.dueAt, request.extendedDueAt, request.extensionReason, request.deadline(),
                request.isOverdue(now), request.verifiedAt, request.verificationMethod, request.verifiedBy,
                request.approvalRequired, request.approvedBy, request.approvedAt, request.submittedBy,
                request.closedAt, request.closeReason, directive, List.copyOf(holds));
    }
}
