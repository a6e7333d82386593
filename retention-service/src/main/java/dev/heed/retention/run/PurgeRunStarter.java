package dev.heed.retention.run;

import dev.heed.directives.DirectiveIssuer;
import dev.heed.directives.DirectiveRequest;
import dev.heed.directives.SystemRegistryView;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.registry.SystemRegistration;
import dev.heed.retention.policy.PolicyVersion;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Starting purge runs: a policy version enforced for one window, as one PURGE directive per system
 * holding the policy's data category (each lists what is held at that system), issued through the
 * shared directive mechanism. The run's row is inserted with {@code on conflict do nothing} against
 * the unique (policy, version, window): whoever inserts it issues the directives in the same
 * transaction, everyone else finds the existing run.
 */
@ApplicationScoped
public class PurgeRunStarter {

    private final DirectiveIssuer issuer;
    private final SystemRegistryView registry;
    private final PurgeExclusions exclusions;
    private final PurgeRunRepository runs;
    private final PurgeRunPartRepository parts;
    private final PurgeRunSettlement settlement;
    private final PurgeRunReport report;
    private final RunsConfig config;
    private final Clock clock;

    PurgeRunStarter(DirectiveIssuer issuer, SystemRegistryView registry, PurgeExclusions exclusions,
            PurgeRunRepository runs, PurgeRunPartRepository parts, PurgeRunSettlement settlement,
            PurgeRunReport report, RunsConfig config, Clock clock) {
        this.issuer = issuer;
        this.registry = registry;
        this.exclusions = exclusions;
        this.runs = runs;
        this.parts = parts;
        this.settlement = settlement;
        this.report = report;
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
        Instant cutoff = windowStart.atOffset(ZoneOffset.UTC).minus(policy.retainFor()).toInstant();
        // Resolved before anything is written: a registry still catching up fails the run cleanly.
        List<String> systems = registry.recipients(DirectiveKind.PURGE, policy.purposeId, Set.of(policy.dataCategory))
                .stream()
                .map(SystemRegistration::systemId)
                .filter(systemId -> policy.systemId == null || policy.systemId.equals(systemId))
                .toList();
        PurgeRunRow run = PurgeRunRow.started(policy, windowStart, cutoff, trigger, actor, now);
        return runs.insertIfAbsent(run).chain(inserted -> inserted
                ? issue(run.id, policy, cutoff, systems, now).map(started -> new Started(started, true))
                : report.inWindow(policy.policyId, policy.version, windowStart).map(found -> new Started(found, false)));
    }

    private Uni<RunResponse> issue(UUID runId, PolicyVersion policy, Instant cutoff, List<String> systems,
            Instant now) {
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
            Uni<Void> persisted = Uni.createFrom().voidItem();
            for (Map.Entry<String, HeldForPurge> system : heldBySystem.entrySet()) {
                PurgeRunPart part;
                if (system.getValue().wholeCategory()) {
                    part = PurgeRunPart.held(runId, system.getKey(), now);
                } else {
                    UUID directiveId = UUID.randomUUID();
                    directives.put(system.getKey(), directiveId);
                    part = PurgeRunPart.issued(runId, system.getKey(), directiveId);
                }
                persisted = persisted.chain(() -> parts.persist(part).replaceWithVoid());
            }
            return persisted;
        });
        chain = chain.chain(() -> {
            Uni<Void> issued = Uni.createFrom().voidItem();
            for (Map.Entry<String, UUID> directive : directives.entrySet()) {
                issued = issued.chain(() -> issueTo(runId, policy, cutoff, directive.getKey(), directive.getValue(),
                        heldBySystem.get(directive.getKey()), deadline));
            }
            return issued;
        });
        return chain.chain(() -> settlement.finishIfDone(runId)).chain(() -> report.find(runId));
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

    /** Windows start at whole multiples of the window length since the epoch. */
    Instant windowStart(Instant now) {
        long length = config.window().toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), length) * length);
    }

    /** @param created false when the run of this policy version and window existed already */
    public record Started(RunResponse run, boolean created) {
    }
}
