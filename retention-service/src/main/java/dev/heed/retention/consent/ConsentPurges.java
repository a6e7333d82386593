package dev.heed.retention.consent;

import dev.heed.directives.Directive;
import dev.heed.directives.DirectiveIssuer;
import dev.heed.directives.DirectiveRequest;
import dev.heed.directives.DirectiveState;
import dev.heed.directives.DirectiveTask;
import dev.heed.directives.SystemRegistryView;
import dev.heed.events.HeedEvent;
import dev.heed.events.consent.ConsentDecision;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.directive.DirectiveOutcome;
import dev.heed.events.registry.SystemRegistration;
import dev.heed.events.retention.RetentionAnchor;
import dev.heed.retention.policy.PolicyVersion;
import dev.heed.retention.policy.PolicyVersionRepository;
import dev.heed.retention.policy.RetentionPolicies;
import dev.heed.retention.run.HeldForPurge;
import dev.heed.retention.run.PurgeExclusions;
import dev.heed.retention.run.PurgeParameters;
import dev.heed.retention.run.RunsConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Consent-driven retention. When consent for a purpose ends (withdrawn or expired), every policy
 * narrowed to that purpose whose clock that starts (anchor {@code CONSENT_WITHDRAWN}, or any
 * anchor with a grace period) schedules a purge of that subject's data, due after the grace period
 * (or the retention period when there is none). A new grant for the purpose cancels what is still
 * scheduled. The leader later issues due purges as PURGE directives naming the subject key.
 */
@ApplicationScoped
public class ConsentPurges {

    private final RetentionPolicies policies;
    private final DirectiveIssuer issuer;
    private final SystemRegistryView registry;
    private final PurgeExclusions exclusions;
    private final RunsConfig runs;
    private final Clock clock;
    private final ConsentPurgeRepository repository;
    private final PolicyVersionRepository versions;

    ConsentPurges(RetentionPolicies policies, DirectiveIssuer issuer, SystemRegistryView registry,
            PurgeExclusions exclusions, RunsConfig runs, Clock clock, ConsentPurgeRepository repository,
            PolicyVersionRepository versions) {
        this.policies = policies;
        this.issuer = issuer;
        this.registry = registry;
        this.exclusions = exclusions;
        this.runs = runs;
        this.clock = clock;
        this.repository = repository;
        this.versions = versions;
    }

    /**
     * Applies one consent decision in one transaction; an event id seen before changes nothing.
     *
     * @return how many purges it scheduled (positive) or cancelled (negative)
     */
    public Uni<Integer> apply(HeedEvent<ConsentDecision> event) {
        ConsentDecision decision = event.data();
        return Panache.withTransaction(() -> repository.rememberEvent(event.id(), now())
                .chain(fresh -> {
                    if (!fresh) {
                        return Uni.createFrom().item(0);
                    }
                    return switch (decision.decision()) {
                        case WITHDRAWN, EXPIRED -> schedule(event.id(), decision);
                        case GRANTED -> cancel(decision).map(cancelled -> -cancelled);
                        // A refusal ends no consent that data was kept for.
                        case DENIED -> Uni.createFrom().item(0);
                    };
                }));
    }

    private Uni<Integer> schedule(String eventId, ConsentDecision decision) {
        return policies.latestOfEach().chain(latest -> {
            List<PolicyVersion> started = latest.stream().filter(policy -> startedBy(policy, decision)).toList();
            return Multi.createFrom().iterable(started)
                    .onItem().transformToUniAndConcatenate(policy -> repository.schedule(eventId, decision, policy,
                            micros(decision.recordedAt()), dueAt(policy, decision.recordedAt()), now()))
                    .collect().with(Collectors.summingInt(Integer::intValue));
        });
    }

    /** A policy's clock starts when consent for its purpose ends: its anchor says so, or it has a grace period. */
    static boolean startedBy(PolicyVersion policy, ConsentDecision decision) {
        return decision.purposeId().equals(policy.purposeId)
                && (policy.anchor == RetentionAnchor.CONSENT_WITHDRAWN || policy.gracePeriod != null);
    }

    static Instant dueAt(PolicyVersion policy, Instant consentEndedAt) {
        Period period = policy.gracePeriod() != null ? policy.gracePeriod() : policy.retainFor();
        return micros(consentEndedAt).atOffset(ZoneOffset.UTC).plus(period).toInstant();
    }

    /** Only purges scheduled by a withdrawal before this grant: a redelivered old grant cancels nothing newer. */
    private Uni<Integer> cancel(ConsentDecision grant) {
        return repository.cancelBefore(grant, micros(grant.recordedAt()), now());
    }

    /** The ids of scheduled purges due now, oldest first; each is then issued in its own transaction. */
    Uni<List<UUID>> due(int limit) {
        return Panache.withSession(() -> repository.due(now(), limit))
                .map(purges -> purges.stream().map(purge -> purge.id).toList());
    }

    /**
     * Issues one due purge, unless a legal hold keeps the subject's data: then it stays scheduled
     * (marked held) and is issued by the first run after the release. The row is locked and marked
     * issued in the transaction that stores the directive, so it is issued once.
     *
     * @return whether a directive was issued
     */
    Uni<Boolean> issue(UUID purgeId) {
        return Panache.withTransaction(() -> repository.lockedById(purgeId).chain(purge -> {
            Instant now = now();
            if (purge == null || purge.status != ConsentPurgeStatus.SCHEDULED || purge.dueAt.isAfter(now)) {
                return Uni.createFrom().item(false);
            }
            return versions.version(purge.policyId, purge.policyVersion).chain(policy -> {
                List<String> systems = recipients(policy, purge.purposeId);
                return heldAnywhere(purge, systems).chain(held -> {
                    if (held) {
                        purge.heldSince = purge.heldSince == null ? now : purge.heldSince;
                        return Uni.createFrom().item(false);
                    }
                    purge.status = ConsentPurgeStatus.ISSUED;
                    purge.directiveId = UUID.randomUUID();
                    purge.issuedAt = now;
                    purge.heldSince = null;
                    return issuer.issue(directive(purge, policy, now)).replaceWith(true);
                });
            });
        }));
    }

    private List<String> recipients(PolicyVersion policy, String purposeId) {
        return registry.recipients(DirectiveKind.PURGE, purposeId, Set.of(policy.dataCategory)).stream()
                .map(SystemRegistration::systemId)
                .filter(systemId -> policy.systemId == null || policy.systemId.equals(systemId))
                .toList();
    }

    private Uni<Boolean> heldAnywhere(ConsentPurge purge, List<String> systems) {
        return Multi.createFrom().iterable(systems)
                .onItem().transformToUniAndConcatenate(systemId -> exclusions.forCategory(purge.dataCategory,
                        systemId))
                .collect().asList()
                .map(held -> held.stream().anyMatch(part -> holds(part, purge.subjectKey)));
    }

    private static boolean holds(HeldForPurge held, String subjectKey) {
        return held.wholeCategory() || held.subjectKeys().contains(subjectKey);
    }

    private DirectiveRequest directive(ConsentPurge purge, PolicyVersion policy, Instant now) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put(PurgeParameters.POLICY_ID, policy.policyId);
        parameters.put(PurgeParameters.POLICY_VERSION, policy.version);
        parameters.put(PurgeParameters.ANCHOR, RetentionAnchor.CONSENT_WITHDRAWN.name());
        parameters.put(PurgeParameters.RETAIN_FOR, policy.retainFor);
        parameters.put(PurgeParameters.ACTION, policy.action.name());
        // Only what the subject's consent for this purpose covered: data collected before it ended.
        parameters.put(PurgeParameters.CUTOFF, purge.consentEndedAt.toString());
        return DirectiveRequest.about(DirectiveKind.PURGE, purge.subjectKey)
                .id(purge.directiveId)
                .purpose(purge.purposeId)
                .dataCategories(Set.of(policy.dataCategory))
                .systems(policy.systemId == null ? Set.of() : Set.of(policy.systemId))
                .parameters(parameters)
                .reference(purge.id.toString())
                .deadline(now.plus(runs.answerWithin()));
    }

    /** Records a settled consent purge directive: its outcome and the records the systems purged. */
    Uni<Void> settled(Directive directive) {
        UUID purgeId = uuidOrNull(directive.reference());
        if (purgeId == null) {
            return Uni.createFrom().voidItem();
        }
        return repository.findById(purgeId).invoke(purge -> {
            if (purge == null || !directive.id().equals(purge.directiveId)) {
                return;
            }
            purge.outcome = directive.state() == DirectiveState.COMPLETED
                    ? DirectiveOutcome.COMPLETED : DirectiveOutcome.PARTIALLY_COMPLETED;
            List<Long> counts = directive.tasks().stream().map(DirectiveTask::recordsAffected)
                    .filter(Objects::nonNull).toList();
            purge.recordsAffected = counts.isEmpty() ? null : counts.stream().mapToLong(Long::longValue).sum();
            purge.settledAt = directive.settledAt() != null ? directive.settledAt() : now();
        }).replaceWithVoid();
    }

    /** Purges in one status (all when {@code null}), by due time, newest first. */
    public Uni<List<ConsentPurgeResponse>> list(ConsentPurgeStatus status, int limit) {
        return Panache.withSession(() -> repository.latestDueFirst(status, limit))
                .map(purges -> purges.stream().map(ConsentPurgeResponse::of).toList());
    }

    private static UUID uuidOrNull(String reference) {
        try {
            return reference == null ? null : UUID.fromString(reference);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Instant now() {
        return micros(clock.instant());
    }

    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
