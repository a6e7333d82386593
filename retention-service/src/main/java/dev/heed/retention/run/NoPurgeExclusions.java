package dev.heed.retention.run;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Until legal holds provide their own {@link PurgeExclusions}: nothing is held. */
@DefaultBean
@ApplicationScoped
public class NoPurgeExclusions implements PurgeExclusions {

    @Override
    public Uni<HeldForPurge> forCategory(String dataCategory, String systemId) {
        return Uni.createFrom().item(HeldForPurge.nothing());
    }
}
