package dev.heed.audit.console;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/**
 * Placeholder until signed tree heads are merged: the lead replaces it with a
 * {@link LatestSignedHead} that reads the {@code signed_head} table (then deletes this class).
 */
@ApplicationScoped
@DefaultBean
class NoSignedHeadYet implements LatestSignedHead {

    @Override
    public Uni<Optional<TreeHeadView>> latest(Instant now) {
        return Uni.createFrom().item(Optional.empty());
    }
}
