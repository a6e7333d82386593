package dev.heed.audit.console;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.Optional;

/** Where the console reads the latest signed tree head. */
public interface LatestSignedHead {

    /** The head signed last, if any; {@code now} gives its age. */
    Uni<Optional<TreeHeadSummary>> latest(Instant now);
}
