package dev.heed.events.retention;

import static dev.heed.events.Payloads.positiveVersion;
import static dev.heed.events.Payloads.required;
import static dev.heed.events.Payloads.set;
import static dev.heed.events.Payloads.text;

import dev.heed.events.EventPayload;
import dev.heed.events.directive.DirectiveOutcome;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A purge run of one policy version settled.
 *
 * @param cutoff data whose retention anchor lies before this instant was to be purged
 * @param directiveId the purge directive of a run addressed as one directive; {@code null} when the run issued one
 *     directive per system (see {@code systems}) or no registered system holds the category
 * @param action what the systems were told to do; absent in older events, which meant {@code DELETE}
 * @param systems each system's part, by system id; empty in older events
 */
public record PurgeRun(UUID runId, String policyId, int policyVersion, String dataCategory, Instant cutoff,
        UUID directiveId, DirectiveOutcome outcome, Set<String> confirmedSystems, Set<String> unconfirmedSystems,
        Instant startedAt, Instant finishedAt, RetentionAction action, List<SystemPurge> systems)
        implements EventPayload {

    public PurgeRun {
        required(runId, "runId");
        text(policyId, "policyId");
        positiveVersion(policyVersion, "policyVersion");
        text(dataCategory, "dataCategory");
        required(cutoff, "cutoff");
        required(outcome, "outcome");
        confirmedSystems = set(confirmedSystems);
        unconfirmedSystems = set(unconfirmedSystems);
        required(startedAt, "startedAt");
        required(finishedAt, "finishedAt");
        action = action == null ? RetentionAction.DELETE : action;
        systems = systems == null ? List.of() : List.copyOf(systems);
    }

    @Override
    public String kafkaKey() {
        return policyId;
    }
}
