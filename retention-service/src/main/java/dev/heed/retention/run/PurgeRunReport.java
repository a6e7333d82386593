package dev.heed.retention.run;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Reporting purge runs: one run with each system's part, and the runs of a period. */
@ApplicationScoped
public class PurgeRunReport {

    private final PurgeRunRepository runs;
    private final PurgeRunPartRepository parts;

    PurgeRunReport(PurgeRunRepository runs, PurgeRunPartRepository parts) {
        this.runs = runs;
        this.parts = parts;
    }

    /** A run, or {@code null}, in the caller's session. */
    public Uni<RunResponse> find(UUID runId) {
        return runs.findById(runId).chain(run -> run == null ? Uni.createFrom().nullItem() : withParts(run));
    }

    /** The run of this policy version in the window, in the caller's session. */
    Uni<RunResponse> inWindow(String policyId, int policyVersion, Instant windowStart) {
        return runs.inWindow(policyId, policyVersion, windowStart).chain(this::withParts);
    }

    /** The report: runs started in [from, to), optionally of one policy, newest first. */
    public Uni<List<RunResponse>> report(String policyId, Instant from, Instant to, int limit) {
        return runs.startedBetween(policyId, from, to, limit).chain(found -> found.isEmpty()
                ? Uni.createFrom().item(List.<RunResponse>of())
                : parts.ofRuns(found.stream().map(run -> run.id).toList()).map(all -> {
                    Map<UUID, List<PurgeRunPart>> byRun = all.stream().collect(Collectors.groupingBy(part -> part.runId));
                    return found.stream().map(run -> RunResponse.of(run, byRun.getOrDefault(run.id, List.of())))
                            .toList();
                }));
    }

    private Uni<RunResponse> withParts(PurgeRunRow run) {
        return parts.ofRun(run.id).map(found -> RunResponse.of(run, found));
    }
}
