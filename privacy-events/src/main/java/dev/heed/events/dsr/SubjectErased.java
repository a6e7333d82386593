package dev.heed.events.dsr;

import static dev.heed.events.Payloads.required;
import static dev.heed.events.Payloads.set;

import dev.heed.events.EventPayload;
import dev.heed.events.directive.DirectiveOutcome;
import dev.heed.events.subject.SubjectKeys;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * An erasure request's directive settled. From now on the subject stays suppressed: consent-service
 * refuses new grants and tombstones the subject's consent state.
 */
public record SubjectErased(UUID requestId, String subjectKey, UUID directiveId, DirectiveOutcome outcome,
        Set<String> confirmedSystems, Set<String> unconfirmedSystems, Instant erasedAt) implements EventPayload {

    public SubjectErased {
        required(requestId, "requestId");
        SubjectKeys.require(subjectKey, "subjectKey");
        required(directiveId, "directiveId");
        required(outcome, "outcome");
        confirmedSystems = set(confirmedSystems);
        unconfirmedSystems = set(unconfirmedSystems);
        required(erasedAt, "erasedAt");
    }

    @Override
    public String kafkaKey() {
        return subjectKey;
    }
}
