package dev.heed.audit.console;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the console reads the latest signed tree head. The signing job and its store come with
 * the signed heads (branch audit-proofs); until they are merged, {@link NoSignedHeadYet} answers
 * and the console shows the tree size alone.
 */
public interface LatestSignedHead {

    /** The head signed last, if any; {@code now} gives its age. */
    Uni<Optional<TreeHeadView>> latest(Instant now);
}
