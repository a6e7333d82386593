package dev.heed.dsr.registry;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The queries on {@code registered_system}, keyed by system id. */
@ApplicationScoped
public class RegisteredSystemRepository implements PanacheRepositoryBase<RegisteredSystem, String> {

    /** Every registered system, retired ones included, by id. */
    Uni<List<RegisteredSystem>> all() {
        return listAll(Sort.by("systemId"));
    }
}
