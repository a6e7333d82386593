package dev.heed.dsr.request;

import dev.heed.events.dsr.RequestStatus;
import dev.heed.events.dsr.RequestType;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The queries on {@code subject_request}, by what they are for. */
@ApplicationScoped
public class SubjectRequestRepository implements PanacheRepositoryBase<SubjectRequest, UUID> {

    /** The open request of this subject and type, or {@code null}: a second one would fan out twice. */
    Uni<SubjectRequest> openOf(String subjectKey, RequestType type) {
        return find("subjectKey = :subjectKey and requestType = :type and closedAt is null",
                Parameters.with("subjectKey", subjectKey).and("type", type)).firstResult();
    }

    /** Another open request of the same subject and type as {@code request}, or {@code null}. */
    Uni<SubjectRequest> otherOpenLike(SubjectRequest request) {
        return find("subjectKey = :subjectKey and requestType = :type and closedAt is null and id <> :id",
                Parameters.with("subjectKey", request.subjectKey).and("type", request.requestType)
                        .and("id", request.id)).firstResult();
    }

    /** The request a directive was issued for, or {@code null}. */
    public Uni<SubjectRequest> byDirective(UUID directiveId) {
        return find("directiveId", directiveId).firstResult();
    }

    /** Open requests past the deadline in force, most overdue first. */
    Uni<List<SubjectRequest>> overdue(Instant now, int limit) {
        return find("closedAt is null and coalesce(extendedDueAt, dueAt) < :now", Sort.by("dueAt"),
                Parameters.with("now", now)).page(0, limit).list();
    }

    /** Newest first, in one status or in any. */
    Uni<List<SubjectRequest>> newest(Optional<RequestStatus> status, int limit) {
        return status.map(s -> find("status", Sort.descending("receivedAt"), s))
                .orElseGet(() -> findAll(Sort.descending("receivedAt")))
                .page(0, limit).list();
    }

    /** Open requests past the deadline in force, and how many of them wait {@code ON_HOLD}. */
    public record OverdueCount(long overdue, long held) {
    }

    /** Open requests of one type and regulation, and how many of them fall due soon. */
    public record Backlog(String type, String regulation, long open, long dueSoon) {
    }

    /** Receipt-to-close seconds of the requests of one type and regulation answered lately. */
    public record CompletionTimes(String type, String regulation, double p50, double p90, double longest) {
    }

    Uni<OverdueCount> overdueCount(Instant now) {
        return getSession().chain(session -> session.createSelectionQuery(
                        "select count(r), count(case when r.status = :onHold then 1 end) from SubjectRequest r"
                                + " where r.closedAt is null and coalesce(r.extendedDueAt, r.dueAt) < :now",
                        Object[].class)
                .setParameter("onHold", RequestStatus.ON_HOLD)
                .setParameter("now", now)
                .getSingleResult())
                .map(counts -> new OverdueCount(((Number) counts[0]).longValue(), ((Number) counts[1]).longValue()));
    }

    /** Open requests by type and regulation; due soon: the deadline in force falls in [{@code now}, {@code soon}). */
    Uni<List<Backlog>> backlog(Instant now, Instant soon) {
        return getSession().chain(session -> session.createNativeQuery("select request_type, regulation,"
                        + " count(*), count(*) filter (where coalesce(extended_due_at, due_at) >= ?1"
                        + " and coalesce(extended_due_at, due_at) < ?2)"
                        + " from subject_request where closed_at is null group by request_type, regulation",
                        Object[].class)
                .setParameter(1, now)
                .setParameter(2, soon)
                .getResultList())
                .map(rows -> rows.stream().map(row -> new Backlog((String) row[0], (String) row[1],
                        ((Number) row[2]).longValue(), ((Number) row[3]).longValue())).toList());
    }

    /** Median, 0.9 quantile and longest receipt-to-close time of the requests answered since {@code since}. */
    Uni<List<CompletionTimes>> completionTimes(Instant since) {
        return getSession().chain(session -> session.createNativeQuery("select request_type, regulation,"
                        + " percentile_cont(0.5) within group (order by extract(epoch from closed_at - received_at)),"
                        + " percentile_cont(0.9) within group (order by extract(epoch from closed_at - received_at)),"
                        + " max(extract(epoch from closed_at - received_at))::float8"
                        + " from subject_request where closed_at >= ?1 and status in ('COMPLETED', 'PARTIALLY_COMPLETED')"
                        + " group by request_type, regulation", Object[].class)
                .setParameter(1, since)
                .getResultList())
                .map(rows -> rows.stream().map(row -> new CompletionTimes((String) row[0], (String) row[1],
                        ((Number) row[2]).doubleValue(), ((Number) row[3]).doubleValue(),
                        ((Number) row[4]).doubleValue())).toList());
    }
}
