package dev.heed.retention.consent;

import dev.heed.events.consent.ConsentDecision;
import dev.heed.retention.policy.PolicyVersion;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The named queries of the {@code consent_purge} table and of the inbox of consent events
 * applied to it, in the caller's session (and transaction).
 */
@ApplicationScoped
public class ConsentPurgeRepository implements PanacheRepositoryBase<ConsentPurge, UUID> {

    private static final String REMEMBER_EVENT = "insert into consent_event_inbox (event_id, received_at)"
            + " values (:eventId, :now) on conflict (event_id) do nothing";

    private static final String SCHEDULE = "insert into consent_purge (id, subject_key, purpose_id, policy_id,"
            + " policy_version, data_category, decision_id, event_id, consent_ended_at, due_at, status, scheduled_at)"
            + " values (:id, :subjectKey, :purposeId, :policyId, :version, :category, :decisionId, :eventId, :endedAt,"
            + " :dueAt, 'SCHEDULED', :now) on conflict (decision_id, policy_id) do nothing";

    private static final String CANCEL = "update consent_purge set status = 'CANCELLED', cancelled_at = :now,"
            + " cancelled_by = :decisionId where subject_key = :subjectKey and purpose_id = :purposeId"
            + " and status = 'SCHEDULED' and consent_ended_at < :grantedAt";

    /** @return whether the event is new (false when it was applied before) */
    Uni<Boolean> rememberEvent(String eventId, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(REMEMBER_EVENT)
                        .setParameter("eventId", eventId)
                        .setParameter("now", now)
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /** Schedules the purge unless this decision already scheduled one for the policy; yields how many it inserted. */
    Uni<Integer> schedule(String eventId, ConsentDecision decision, PolicyVersion policy, Instant consentEndedAt,
            Instant dueAt, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(SCHEDULE)
                .setParameter("id", UUID.randomUUID())
                .setParameter("subjectKey", decision.subjectKey())
                .setParameter("purposeId", decision.purposeId())
                .setParameter("policyId", policy.policyId)
                .setParameter("version", policy.version)
                .setParameter("category", policy.dataCategory)
                .setParameter("decisionId", decision.decisionId())
                .setParameter("eventId", eventId)
                .setParameter("endedAt", consentEndedAt)
                .setParameter("dueAt", dueAt)
                .setParameter("now", now)
                .executeUpdate());
    }

    /** Cancels the subject's purges for the purpose still scheduled by consent that ended before the grant. */
    Uni<Integer> cancelBefore(ConsentDecision grant, Instant grantedAt, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(CANCEL)
                .setParameter("now", now)
                .setParameter("decisionId", grant.decisionId())
                .setParameter("subjectKey", grant.subjectKey())
                .setParameter("purposeId", grant.purposeId())
                .setParameter("grantedAt", grantedAt)
                .executeUpdate());
    }

    /** Scheduled purges due at {@code now}, oldest first. */
    Uni<List<ConsentPurge>> due(Instant now, int limit) {
        return find("status = ?1 and dueAt <= ?2", Sort.ascending("dueAt"), ConsentPurgeStatus.SCHEDULED, now)
                .page(0, limit).list();
    }

    /** Locked until the caller's transaction ends, so a purge is issued once. */
    Uni<ConsentPurge> lockedById(UUID purgeId) {
        return findById(purgeId, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Purges in one status (all when {@code null}), by due time, newest first. */
    Uni<List<ConsentPurge>> latestDueFirst(ConsentPurgeStatus status, int limit) {
        Sort newestFirst = Sort.descending("dueAt").and("id");
        return (status == null ? findAll(newestFirst) : find("status", newestFirst, status)).page(0, limit).list();
    }
}
