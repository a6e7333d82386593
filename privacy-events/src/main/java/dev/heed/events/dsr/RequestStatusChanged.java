package dev.heed.events.dsr;

import static dev.heed.events.Payloads.optionalText;
import static dev.heed.events.Payloads.required;
import static dev.heed.events.Payloads.text;

import dev.heed.events.EventPayload;
import dev.heed.events.subject.SubjectKeys;
import java.time.Instant;
import java.util.UUID;

/**
 * A data-subject request moved from one status to another.
 *
 * @param subjectKey {@code null} until the requester's identity is verified and resolved
 * @param fromStatus {@code null} when the request was received
 * @param actor an operator's user name, or {@code dsr-service} for an automatic transition
 */
public record RequestStatusChanged(UUID requestId, String subjectKey, RequestType requestType,
        Regulation regulation, RequestStatus fromStatus, RequestStatus toStatus, String actor, String reason,
        Instant changedAt) implements EventPayload {

    public RequestStatusChanged {
        required(requestId, "requestId");
        if (subjectKey != null) {
            SubjectKeys.require(subjectKey, "subjectKey");
        }
        required(requestType, "requestType");
        required(regulation, "regulation");
        required(toStatus, "toStatus");
        text(actor, "actor");
        optionalText(reason, "reason");
        required(changedAt, "changedAt");
    }

    /** The subject key, or the request id while the subject is not yet known. */
    @Override
    public String kafkaKey() {
        return subjectKey != null ? subjectKey : requestId.toString();
    }
}
