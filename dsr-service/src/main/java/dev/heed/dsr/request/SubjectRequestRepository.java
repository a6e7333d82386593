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
}
