package dev.heed.retention.run;

import dev.heed.directives.Directive;
import dev.heed.directives.DirectiveIssuer;
import dev.heed.directives.DirectiveRequest;
import dev.heed.directives.DirectiveTask;
import dev.heed.platform.outbox.EventOutbox;
import dev.heed.directives.SystemRegistryView;
import dev.heed.events.Application;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.directive.DirectiveOutcome;
import dev.heed.events.registry.SystemRegistration;
import dev.heed.events.retention.PurgeResult;
import dev.heed.events.retention.PurgeRun;
import dev.heed.events.retention.SystemPurge;
import dev.heed.retention.policy.PolicyVersion;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Purge runs: a policy version enforced for one window, as one PURGE directive per system holding
 * the policy's data category (each lists what is held at that system), issued through the shared
 * directive mechanism. The run's row is inserted with {@code on conflict do nothing} against the
 * unique (policy, version, window): whoever inserts it issues the directives in the same
 * transaction, everyone else finds the existing run.
 */
@ApplicationScoped
public class PurgeRuns {

    static final Set<PurgeResult> CONFIRMED = EnumSet.of(PurgeResult.DONE, PurgeResult.NOT_APPLICABLE);

    private static final String INSERT = "insert into purge_run (id, policy_id, policy_version, window_start,"
            + " data_category, action, cutoff, trigger, started_by, state, started_at)"
            + " values (:id, :policyId, :version, :windowStart, :category, :action, :cutoff, :trigger, :startedBy,"
            + " 'RUNNING', :startedAt) on conflict (policy_id, policy_version, window_start) do nothing";

    private final DirectiveIssuer issuer;
    private final SystemRegistryView registry;
    private final PurgeExclusions exclusions;
    private final EventOutbox outbox;
    private final RunsConfig config;
    private final Clock clock;

    PurgeRuns(DirectiveIssuer issuer, SystemRegistryView registry, PurgeExclusions exclusions, EventOutbox outbox,
            RunsConfig config, Clock clock) {
        this.issuer = issuer;
        this.registry = registry;
        this.exclusions = exclusions;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Starts the run of this policy version for the current window, in the caller's transaction, or
     * finds the one already started.
     */
    public Uni<Started> start(PolicyVersion policy, RunTrigger trigger, String actor) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant windowStart = windowStart(now);
        UUID runId = UUID.randomUUID();
        Instant cutoff = windowStart.atOffset(ZoneOffset.UTC).minus(policy.retainFor()).toInstant();
        // Resolved before anything is written: a registry still catching up fails the run cleanly.
        List<String> systems = registry.recipients(DirectiveKind.PURGE, policy.purposeId, Set.of(policy.dataCategory))
                .stream()
                .map(SystemRegistration::systemId)
                .filter(systemId -> policy.systemId == null || policy.systemId.equals(systemId))
                .toList();
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                        .setParameter("id", runId)
                        .setParameter("policyId", policy.policyId)
                        .setParameter("version", policy.version)
                        .setParameter("windowStart", windowStart)
                        .setParameter("category", policy.dataCategory)
                        .setParameter("action", policy.action.name())
                        .setParameter("cutoff", cutoff)
                        .setParameter("trigger", trigger.name())
                        .setParameter("startedBy", actor)
                        .setParameter("startedAt", now)
                        .executeUpdate())
                .chain(inserted -> inserted == 0
                        ? existing(policy, windowStart).map(run -> new Started(run, false))
                        : issue(runId, policy, cutoff, systems, now).map(run -> new Started(run, true)));
    }

    private Uni<RunView> issue(UUID runId, PolicyVersion policy, Instant cutoff, List<String> systems, Instant now) {
        Instant deadline = now.plus(config.answerWithin());
        Map<String, HeldForPurge> heldBySystem = new LinkedHashMap<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String systemId : systems) {
            chain = chain.chain(() -> exclusions.forCategory(policy.dataCategory, systemId))
                    .invoke(held -> heldBySystem.put(systemId, held))
                    .replaceWithVoid();
        }
        // Every part exists before any directive: one settled at once cannot finish the run early.
        Map<String, UUID> directives = new LinkedHashMap<>();
        chain = chain.chain(() -> {
            Uni<Void> parts = Uni.createFrom().voidItem();
            for (Map.Entry<String, HeldForPurge> system : heldBySystem.entrySet()) {
                PurgeRunPart part;
                if (system.getValue().wholeCategory()) {
                    part = PurgeRunPart.held(runId, system.getKey(), now);
                } else {
                    UUID directiveId = UUID.randomUUID();
                    directives.put(system.getKey(), directiveId);
                    part = PurgeRunPart.issued(runId, system.getKey(), directiveId);
                }
                parts = parts.chain(() -> part.persist().replaceWithVoid());
            }
            return parts;
        });
        chain = chain.chain(() -> {
            Uni<Void> issued = Uni.createFrom().voidItem();
            for (Map.Entry<String, UUID> directive : directives.entrySet()) {
                issued = issued.chain(() -> issueTo(runId, policy, cutoff, directive.getKey(), directive.getValue(),
                        heldBySystem.get(directive.getKey()), deadline));
            }
            return issued;
        });
        return chain.chain(() -> settleIfDone(runId)).chain(() -> find(runId));
    }

    private Uni<Void> issueTo(UUID runId, PolicyVersion policy, Instant cutoff, String systemId, UUID directiveId,
            HeldForPurge held, Instant deadline) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put(PurgeParameters.POLICY_ID, policy.policyId);
        parameters.put(PurgeParameters.POLICY_VERSION, policy.version);
        parameters.put(PurgeParameters.RUN_ID, runId.toString());
        parameters.put(PurgeParameters.ANCHOR, policy.anchor.name());
        parameters.put(PurgeParameters.RETAIN_FOR, policy.retainFor);
        parameters.put(PurgeParameters.ACTION, policy.action.name());
        parameters.put(PurgeParameters.CUTOFF, cutoff.toString());
        parameters.put(PurgeParameters.HELD_SUBJECT_KEYS, held.subjectKeys().stream().sorted().toList());
        parameters.put(PurgeParameters.HELD_CUSTOMER_IDS, held.customerIds().stream().sorted().toList());
        parameters.put(PurgeParameters.LEGAL_HOLDS, held.holdIds().stream().map(UUID::toString).sorted().toList());
        return issuer.issue(DirectiveRequest.about(DirectiveKind.PURGE, null)
                        .id(directiveId)
                        .purpose(policy.purposeId)
                        .dataCategories(Set.of(policy.dataCategory))
                        .systems(Set.of(systemId))
                        .parameters(parameters)
                        .reference(runId.toString())
                        .deadline(deadline))
                .replaceWithVoid();
    }

    /**
     * Records a settled purge directive in its run, and finishes the run once every part is in. The
     * run row is locked first, so two systems answering at once cannot both see the other pending.
     */
    Uni<Void> settled(Directive directive) {
        return PurgeRunPart.<PurgeRunPart>find("directiveId", directive.id()).firstResult().chain(part -> {
            if (part == null) {
                return Uni.createFrom().voidItem();
            }
            return PurgeRunRecord.<PurgeRunRecord>findById(part.runId, LockModeType.PESSIMISTIC_WRITE)
                    .chain(run -> {
                        DirectiveTask task = directive.tasks().stream()
                                .filter(candidate -> candidate.systemId().equals(part.systemId))
                                .findFirst().orElse(null);
                        part.result = task == null ? PurgeResult.NOT_APPLICABLE : result(task);
                        part.recordsAffected = task == null ? null : task.recordsAffected();
                        part.settledAt = directive.settledAt() != null ? directive.settledAt() : clock.instant();
                        return Panache.getSession().chain(session -> session.flush())
                                .chain(() -> settleIfDone(run.id));
                    });
        });
    }

    /**
     * A system answered after its deadline: its part shows the answer and count, while the run keeps
     * the outcome it was announced with (the system did not confirm in time).
     */
    Uni<Void> answeredLate(Directive directive, DirectiveTask task) {
        return PurgeRunPart.<PurgeRunPart>find("directiveId", directive.id()).firstResult().invoke(part -> {
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

    private Uni<Void> settleIfDone(UUID runId) {
        return PurgeRunRecord.<PurgeRunRecord>findById(runId).chain(run -> parts(runId).chain(parts -> {
            if (run.state != RunState.RUNNING || parts.stream().anyMatch(part -> part.result == null)) {
                return Uni.createFrom().voidItem();
            }
            boolean complete = parts.stream()
                    .allMatch(part -> CONFIRMED.contains(part.result) || part.result == PurgeResult.HELD);
            run.state = complete ? RunState.COMPLETED : RunState.PARTIALLY_COMPLETED;
            run.finishedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
            PurgeRun finished = new PurgeRun(run.id, run.policyId, run.policyVersion, run.dataCategory, run.cutoff,
                    null, complete ? DirectiveOutcome.COMPLETED : DirectiveOutcome.PARTIALLY_COMPLETED,
                    systemsWhere(parts, true), systemsWhere(parts, false), run.startedAt, run.finishedAt, run.action,
                    parts.stream().map(part -> new SystemPurge(part.systemId, part.directiveId, part.result,
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

    /** The run of this policy version in the window, in the caller's session. */
    private Uni<RunView> existing(PolicyVersion policy, Instant windowStart) {
        return PurgeRunRecord.<PurgeRunRecord>find("policyId = :policyId and policyVersion = :version"
                                + " and windowStart = :windowStart",
                        Parameters.with("policyId", policy.policyId).and("version", policy.version)
                                .and("windowStart", windowStart))
                .firstResult()
                .chain(run -> parts(run.id).map(parts -> RunView.of(run, parts)));
    }

    /** A run, or {@code null}, in the caller's session. */
    public Uni<RunView> find(UUID runId) {
        return PurgeRunRecord.<PurgeRunRecord>findById(runId).chain(run -> run == null
                ? Uni.createFrom().nullItem()
                : parts(runId).map(parts -> RunView.of(run, parts)));
    }

    /** The report: runs started in [from, to), optionally of one policy, newest first. */
    public Uni<List<RunView>> report(String policyId, Instant from, Instant to, int limit) {
        StringBuilder query = new StringBuilder("startedAt >= :from and startedAt < :to");
        Parameters parameters = Parameters.with("from", from).and("to", to);
        if (policyId != null) {
            query.append(" and policyId = :policyId");
            parameters = parameters.and("policyId", policyId);
        }
        return PurgeRunRecord.<PurgeRunRecord>find(query.toString(), Sort.descending("startedAt"), parameters)
                .page(0, limit).list()
                .chain(runs -> runs.isEmpty() ? Uni.createFrom().item(List.<RunView>of())
                        : PurgeRunPart.<PurgeRunPart>list("runId in ?1", runs.stream().map(run -> run.id).toList())
                                .map(parts -> {
                                    Map<UUID, List<PurgeRunPart>> byRun = parts.stream()
                                            .collect(Collectors.groupingBy(part -> part.runId));
                                    List<RunView> views = new ArrayList<>();
                                    runs.forEach(run -> views.add(RunView.of(run, byRun.getOrDefault(run.id,
                                            List.of()))));
                                    return views;
                                }));
    }

    private static Uni<List<PurgeRunPart>> parts(UUID runId) {
        return PurgeRunPart.list("runId", runId);
    }

    /** Windows start at whole multiples of the window length since the epoch. */
    Instant windowStart(Instant now) {
        long length = config.window().toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), length) * length);
    }

    /** @param created false when the run of this policy version and window existed already */
    public record Started(RunView run, boolean created) {
    }
}
