package dev.heed.dsr.export;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The queries on {@code export_part}. */
@ApplicationScoped
class ExportPartRepository implements PanacheRepositoryBase<ExportPart, UUID> {

    /** A system's part of a directive, or {@code null} before it uploaded. */
    Uni<ExportPart> of(UUID directiveId, String systemId) {
        return find("directiveId = ?1 and systemId = ?2", directiveId, systemId).firstResult();
    }

    Uni<List<ExportPart>> ofDirective(UUID directiveId) {
        return list("directiveId", directiveId);
    }

    /** The parts of closed requests: their content is in the package by then. */
    Uni<Long> deleteOfClosedRequests() {
        return delete("requestId in (select r.id from SubjectRequest r where r.closedAt is not null)");
    }
}
