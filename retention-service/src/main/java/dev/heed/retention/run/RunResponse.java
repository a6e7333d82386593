package dev.heed.retention.run;

import dev.heed.events.retention.PurgeResult;
import dev.heed.events.retention.RetentionAction;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A purge run as the API and the report show it.
 *
 * @param recordsPurged the sum of what the systems reported
 */
public record RunResponse(UUID id, String policyId, int policyVersion, String dataCategory, RetentionAction action,
        Instant cutoff, Instant windowStart, RunTrigger trigger, String startedBy, RunState state, Instant startedAt,
        Instant finishedAt, long recordsPurged, List<SystemPart> systems) {

    /**
     * @param result {@code null} while the system has not answered
     */
    public record SystemPart(String systemId, UUID directiveId, PurgeResult result, Long recordsAffected,
            Instant settledAt) {
    }

    static RunResponse of(PurgeRunRow run, List<PurgeRunPart> parts) {
        List<SystemPart> systems = parts.stream()
                .sorted(Comparator.comparing(part -> part.systemId))
                .map(part -> new SystemPart(part.systemId, part.directiveId, part.result, part.recordsAffected,
                        part.settledAt))
                .toList();
        long purged = parts.stream().map(part -> part.recordsAffected).filter(Objects::nonNull)
                .mapToLong(Long::longValue).sum();
        return new RunResponse(run.id, run.policyId, run.policyVersion, run.dataCategory, run.action, run.cutoff,
                run.windowStart, run.trigger, run.startedBy, run.state, run.startedAt, run.finishedAt, purged, systems);
    }
}
