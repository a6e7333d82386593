package dev.heed.events.operator;

import static dev.heed.events.Payloads.optionalText;
import static dev.heed.events.Payloads.required;
import static dev.heed.events.Payloads.text;

import dev.heed.events.EventPayload;
import dev.heed.events.SystemId;
import dev.heed.events.subject.SubjectKeys;
import java.time.Instant;
import java.util.UUID;

/**
 * A privileged action a person took over HTTP, published so that the audit log names the actor.
 *
 * @param action what was done, e.g. {@code request.approved}, {@code package.downloaded}
 * @param target the id of what it was done to (a request, a policy, a hold)
 * @param subjectKey the subject concerned, if any
 * @param systemId the downstream system concerned, if any (e.g. a task completed by hand)
 */
public record OperatorAction(UUID actionId, String actor, String role, String action, String target,
        String subjectKey, String reason, String systemId, Instant performedAt) implements EventPayload {

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
        if (systemId != null) {
            SystemId.validate(systemId);
        }
        required(performedAt, "performedAt");
    }

    /** An action that concerns no particular downstream system. */
    public OperatorAction(UUID actionId, String actor, String role, String action, String target,
            String subjectKey, String reason, Instant performedAt) {
        this(actionId, actor, role, action, target, subjectKey, reason, null, performedAt);
    }

    /** The subject key on subject-keyed topics; otherwise the target (a policy or hold id). */
    @Override
    public String kafkaKey() {
        return subjectKey != null ? subjectKey : target;
    }
}
