package dev.heed.retention.run;

import dev.heed.directives.Directive;
import dev.heed.directives.DirectiveSettlementListener;
import dev.heed.directives.DirectiveTask;
import dev.heed.events.Application;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.directive.DirectiveOutcome;
import dev.heed.events.retention.PurgeResult;
import dev.heed.events.retention.PurgeRun;
import dev.heed.events.retention.SystemPurge;
import dev.heed.platform.outbox.EventOutbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Settling purge runs: a settled purge directive records its system's answer in its run, in the
 * transaction that settles it, and the run finishes (announced on {@code privacy.retention.events.v1})
 * once every part is in.
 */
@ApplicationScoped
public class PurgeRunSettlement implements DirectiveSettlementListener {

    static final Set<PurgeResult> CONFIRMED = EnumSet.of(PurgeResult.DONE, PurgeResult.NOT_APPLICABLE);

    private final PurgeRunRepository runs;
    private final PurgeRunPartRepository parts;
    private final EventOutbox outbox;
    private final Clock clock;

    PurgeRunSettlement(PurgeRunRepository runs, PurgeRunPartRepository parts, EventOutbox outbox, Clock clock) {
        this.runs = runs;
        this.parts = parts;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Records a settled purge directive in its run, and finishes the run once every part is in. The
     * run row is locked first, so two systems answering at once cannot both see the other pending.
     */
    @Override
    public Uni<Void> settled(Directive directive) {
        if (directive.kind() != DirectiveKind.PURGE) {
            return Uni.createFrom().voidItem();
        }
        return parts.ofDirective(directive.id()).chain(part -> {
            if (part == null) {
                return Uni.createFrom().voidItem();
            }
            return runs.lockedById(part.runId).chain(run -> {
                DirectiveTask task = directive.tasks().stream()
                        .filter(candidate -> candidate.systemId().equals(part.systemId))
                        .findFirst().orElse(null);
                part.result = task == null ? PurgeResult.NOT_APPLICABLE : result(task);
                part.recordsAffected = task == null ? null : task.recordsAffected();
                part.settledAt = directive.settledAt() != null ? directive.settledAt() : clock.instant();
                return Panache.getSession().chain(session -> session.flush()).chain(() -> finishIfDone(run.id));
            });
        });
    }

    /**
     * A system answered after its deadline: its part shows the answer and count, while the run keeps
     * the outcome it was announced with (the system did not confirm in time).
     */
    @Override
    public Uni<Void> answeredLate(Directive directive, DirectiveTask task) {
        if (directive.kind() != DirectiveKind.PURGE) {
            return Uni.createFrom().voidItem();
        }
        return parts.ofDirective(directive.id()).invoke(part -> {
            if (part != null) {
                part.result = result(task);
                part.recordsAffected = task.recordsAffected();
                part.settledAt = task.acknowledgedAt();
            }
        }).replaceWithVoid();
    }

    private static PurgeResult result(DirectiveTask task) {
        return switch (task.state()) {
            case DONE -> PurgeResult.DONE;
            case NOT_APPLICABLE -> PurgeResult.NOT_APPLICABLE;
            case FAILED -> PurgeResult.FAILED;
            case PENDING, OVERDUE -> PurgeResult.UNANSWERED;
        };
    }

    /** Finishes a running run whose every part has its result, in the caller's transaction. */
    Uni<Void> finishIfDone(UUID runId) {
        return runs.findById(runId).chain(run -> parts.ofRun(runId).chain(found -> {
            if (run.state != RunState.RUNNING || found.stream().anyMatch(part -> part.result == null)) {
                return Uni.createFrom().voidItem();
            }
            boolean complete = found.stream()
                    .allMatch(part -> CONFIRMED.contains(part.result) || part.result == PurgeResult.HELD);
            run.state = complete ? RunState.COMPLETED : RunState.PARTIALLY_COMPLETED;
            run.finishedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
            PurgeRun finished = new PurgeRun(run.id, run.policyId, run.policyVersion, run.dataCategory, run.cutoff,
                    null, complete ? DirectiveOutcome.COMPLETED : DirectiveOutcome.PARTIALLY_COMPLETED,
                    systemsWhere(found, true), systemsWhere(found, false), run.startedAt, run.finishedAt, run.action,
                    found.stream().map(part -> new SystemPurge(part.systemId, part.directiveId, part.result,
                            part.recordsAffected)).toList());
            return outbox.append(Topics.RETENTION_EVENTS, HeedEvent.of(EventType.RETENTION_PURGE_RUN_FINISHED,
                    Application.RETENTION_SERVICE.source(), run.finishedAt, finished));
        }));
    }

    private static Set<String> systemsWhere(List<PurgeRunPart> parts, boolean confirmed) {
        return parts.stream()
                .filter(part -> part.result != PurgeResult.HELD && CONFIRMED.contains(part.result) == confirmed)
                .map(part -> part.systemId)
                .collect(Collectors.toSet());
    }
}
