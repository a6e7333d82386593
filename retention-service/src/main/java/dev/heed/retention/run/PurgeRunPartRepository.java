package dev.heed.retention.run;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The named queries of the {@code purge_run_part} table, in the caller's session. */
@ApplicationScoped
public class PurgeRunPartRepository implements PanacheRepositoryBase<PurgeRunPart, PurgeRunPart.Key> {

    Uni<List<PurgeRunPart>> ofRun(UUID runId) {
        return list("runId", runId);
    }

    Uni<List<PurgeRunPart>> ofRuns(List<UUID> runIds) {
        return list("runId in ?1", runIds);
    }

    /** The part a directive was issued for, or {@code null} (a consent purge's directive has none). */
    Uni<PurgeRunPart> ofDirective(UUID directiveId) {
        return find("directiveId", directiveId).firstResult();
    }
}
