package dev.heed.audit.console;

import dev.heed.audit.head.SignedHeads;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/** The console's view of the head signed last, read from {@code signed_head}. */
@ApplicationScoped
class SignedHeadsOnConsole implements LatestSignedHead {

    private final SignedHeads heads;

    SignedHeadsOnConsole(SignedHeads heads) {
        this.heads = heads;
    }

    @Override
    public Uni<Optional<TreeHeadSummary>> latest(Instant now) {
        return heads.latest().map(found -> found.map(stored -> new TreeHeadSummary(stored.treeSize(),
                HexFormat.of().formatHex(stored.head().rootHash()), Ages.shown(stored.head().signedAt()),
                Ages.of(Duration.between(stored.head().signedAt(), now)), stored.head().keyId())));
    }
}
