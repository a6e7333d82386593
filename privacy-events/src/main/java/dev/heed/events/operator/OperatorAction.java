package dev.heed.events.operator;

import static dev.heed.events.Payloads.optionalText;
import static dev.heed.events.Payloads.required;
import static dev.heed.events.Payloads.text;

import dev.heed.events.EventPayload;
import dev.heed.events.subject.SubjectKeys;
import java.time.Instant;
import java.util.UUID;

/**
 * A privileged action a person took over HTTP, published so that the audit log names the actor.
 *
 * @param action what was done, e.g. {@code request.approved}, {@code package.downloaded}
 * @param target the id of what it was done to (a request, a policy, a hold)
 * @param subjectKey the subject concerned, if any
 */
public record OperatorAction(UUID actionId, String actor, String role, String action, String target,
        String subjectKey, String reason, Instant performedAt) implements EventPayload {

    public OperatorAction {
        required(actionId, "actionId");
        text(actor, "actor");
        text(role, "role");
        text(action, "action");
        text(target, "target");
        if (subjectKey != null) {
            SubjectKeys.require(subjectKey, "subjectKey");
        }
        optionalText(reason, "reason");
        required(performedAt, "performedAt");
    }

    /** The subject key on subject-keyed topics; otherwise the target (a policy or hold id). */
    @Override
    public String kafkaKey() {
        return subjectKey != null ? subjectKey : target;
    }
}
