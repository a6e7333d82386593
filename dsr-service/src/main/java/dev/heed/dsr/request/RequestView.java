package dev.heed.dsr.request;

import dev.heed.directives.issue.Directive;
import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestStatus;
import dev.heed.events.dsr.RequestType;
import java.time.Instant;
import java.util.UUID;

/**
 * A request as operators see it: no identities or parameters, only the subject key, and the
 * directive with one task per system (state, answer time, record counts) once it was sent.
 *
 * @param deadline the deadline in force (the extended one once extended)
 * @param directive {@code null} until the request is in progress
 */
public record RequestView(UUID id, RequestType type, Regulation regulation, RequestStatus status, String subjectKey,
        Instant receivedAt, Instant dueAt, Instant extendedDueAt, String extensionReason, Instant deadline,
        boolean overdue, Instant verifiedAt, SubjectRequest.VerificationMethod verificationMethod, String verifiedBy,
        boolean approvalRequired, String approvedBy, Instant approvedAt, String submittedBy, Instant closedAt,
        String closeReason, Directive directive) {

    static RequestView of(SubjectRequest request, Directive directive, Instant now) {
        return new RequestView(request.id, request.requestType, request.regulation, request.status, request.subjectKey,
                request.receivedAt, request.dueAt, request.extendedDueAt, request.extensionReason, request.deadline(),
                request.isOverdue(now), request.verifiedAt, request.verificationMethod, request.verifiedBy,
                request.approvalRequired, request.approvedBy, request.approvedAt, request.submittedBy,
                request.closedAt, request.closeReason, directive);
    }
}
