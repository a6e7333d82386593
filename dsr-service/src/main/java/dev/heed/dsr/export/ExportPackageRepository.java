package dev.heed.dsr.export;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.UUID;

/** The queries on {@code export_package} (one per request: its id is the request's). */
@ApplicationScoped
class ExportPackageRepository implements PanacheRepositoryBase<ExportPackage, UUID> {

    /** The package behind a link, locked: two simultaneous clicks cannot both download. */
    Uni<ExportPackage> byLinkLocked(byte[] linkTokenHash) {
        return find("linkTokenHash", linkTokenHash).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    Uni<Long> deleteExpired(Instant now) {
        return delete("expiresAt <= ?1", now);
    }
}
