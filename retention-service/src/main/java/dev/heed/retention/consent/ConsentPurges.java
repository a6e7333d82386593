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
import dev.heed.retention.policy.RetentionPolicies;
import dev.heed.retention.run.HeldForPurge;
import dev.heed.retention.run.PurgeExclusions;
import dev.heed.retention.run.PurgeParameters;
import dev.heed.retention.run.RunsConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
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

    private static final String REMEMBER_EVENT = "insert into consent_event_inbox (event_id, received_at)"
            + " values (:eventId, :now) on conflict (event_id) do nothing";

    private static final String SCHEDULE = "insert into consent_purge (id, subject_key, purpose_id, policy_id,"
            + " policy_version, data_category, decision_id, event_id, consent_ended_at, due_at, status, scheduled_at)"
            + " values (:id, :subjectKey, :purposeId, :policyId, :version, :category, :decisionId, :eventId, :endedAt,"
            + " :dueAt, 'SCHEDULED', :now) on conflict (decision_id, policy_id) do nothing";

    private static final String CANCEL = "update consent_purge set status = 'CANCELLED', cancelled_at = :now,"
            + " cancelled_by = :decisionId where subject_key = :subjectKey and purpose_id = :purposeId"
            + " and status = 'SCHEDULED' and consent_ended_at < :grantedAt";

    private final RetentionPolicies policies;
    private final DirectiveIssuer issuer;
    private final SystemRegistryView registry;
    private final PurgeExclusions exclusions;
    private final RunsConfig runs;
    private final Clock clock;

    ConsentPurges(RetentionPolicies policies, DirectiveIssuer issuer, SystemRegistryView registry,
            PurgeExclusions exclusions, RunsConfig runs, Clock clock) {
        this.policies = policies;
        this.issuer = issuer;
        this.registry = registry;
        this.exclusions = exclusions;
        this.runs = runs;
        this.clock = clock;
    }

    /**
     * Applies one consent decision in one transaction; an event id seen before changes nothing.
     *
     * @return how many purges it scheduled (positive) or cancelled (negative)
     */
    public Uni<Integer> apply(HeedEvent<ConsentDecision> event) {
        ConsentDecision decision = event.data();
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(REMEMBER_EVENT)
                        .setParameter("eventId", event.id())
                        .setParameter("now", now())
                        .executeUpdate())
                .chain(fresh -> {
                    if (fresh == 0) {
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
                    .onItem().transformToUniAndConcatenate(policy -> Panache.getSession()
                            .chain(session -> session.createNativeQuery(SCHEDULE)
                                    .setParameter("id", UUID.randomUUID())
                                    .setParameter("subjectKey", decision.subjectKey())
                                    .setParameter("purposeId", decision.purposeId())
                                    .setParameter("policyId", policy.policyId)
                                    .setParameter("version", policy.version)
                                    .setParameter("category", policy.dataCategory)
                                    .setParameter("decisionId", decision.decisionId())
                                    .setParameter("eventId", eventId)
                                    .setParameter("endedAt", micros(decision.recordedAt()))
                                    .setParameter("dueAt", dueAt(policy, decision.recordedAt()))
                                    .setParameter("now", now())
                                    .executeUpdate()))
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
        return Panache.getSession().chain(session -> session.createNativeQuery(CANCEL)
                .setParameter("now", now())
                .setParameter("decisionId", grant.decisionId())
                .setParameter("subjectKey", grant.subjectKey())
                .setParameter("purposeId", grant.purposeId())
                .setParameter("grantedAt", micros(grant.recordedAt()))
                .executeUpdate());
    }

    /** The ids of scheduled purges due now, oldest first; each is then issued in its own transaction. */
    Uni<List<UUID>> due(int limit) {
        return Panache.withSession(() -> ConsentPurge.<ConsentPurge>find("status = ?1 and dueAt <= ?2",
                        Sort.ascending("dueAt"), ConsentPurgeStatus.SCHEDULED, now())
                .page(0, limit).list())
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
        return Panache.withTransaction(() -> ConsentPurge.<ConsentPurge>findById(purgeId,
                LockModeType.PESSIMISTIC_WRITE).chain(purge -> {
                    Instant now = now();
                    if (purge == null || purge.status != ConsentPurgeStatus.SCHEDULED || purge.dueAt.isAfter(now)) {
                        return Uni.createFrom().item(false);
                    }
                    return PolicyVersion.<PolicyVersion>findById(new PolicyVersion.Key(purge.policyId,
                            purge.policyVersion)).chain(policy -> {
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
        return ConsentPurge.<ConsentPurge>findById(purgeId).invoke(purge -> {
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
    public Uni<List<ConsentPurgeView>> list(ConsentPurgeStatus status, int limit) {
        Sort newestFirst = Sort.descending("dueAt").and("id");
        return Panache.withSession(() -> (status == null
                ? ConsentPurge.<ConsentPurge>findAll(newestFirst)
                : ConsentPurge.<ConsentPurge>find("status", newestFirst, status))
                .page(0, limit).list())
                .map(purges -> purges.stream().map(ConsentPurgeView::of).toList());
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
