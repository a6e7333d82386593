package dev.heed.consent.expiry;

import dev.heed.consent.ledger.ConsentLedger;
import dev.heed.consent.ledger.LedgerEntry;
import dev.heed.platform.leadership.LeaderJob;
import dev.heed.platform.leadership.Leadership;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Leader-only: records an {@code EXPIRED} decision for every grant whose expiry has passed and
 * that is still the latest decision about its subject and purpose. Each expiry goes through the
 * ledger like any decision (event, state, fan-out) in its own transaction, and the ledger checks
 * again under its lock, so a grant expires exactly once even when a run overlaps a new decision.
 */
@ApplicationScoped
public class ConsentExpiryJob extends LeaderJob<Integer> {

    public static final String NAME = "consent-expiry";

    // Oldest expiry first. The partial index on expires_at finds the grants; the ledger's
    // (subject_key, purpose_id, sequence) index answers whether a later decision exists.
    private static final String DUE = "from LedgerEntry d where d.decision = dev.heed.events.consent.Decision.GRANTED"
            + " and d.expiresAt is not null and d.expiresAt <= :now"
            + " and not exists (select 1 from LedgerEntry l where l.subjectKey = d.subjectKey"
            + " and l.purposeId = d.purposeId and l.sequence > d.sequence)"
            + " order by d.expiresAt, d.sequence";

    private final ConsentLedger ledger;
    private final Clock clock;
    private final int batchSize;

    ConsentExpiryJob(Leadership leadership, ConsentLedger ledger, Clock clock,
            @ConfigProperty(name = "heed.consent.expiry.batch-size") int batchSize) {
        super(NAME, leadership);
        this.ledger = ledger;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    @Scheduled(identity = "heed-" + NAME, every = "${heed.consent.expiry.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().replaceWithVoid();
    }

    /** Yields the number of grants it expired (at most one batch). */
    @Override
    protected Uni<Integer> batch() {
        return Panache.withSession(() -> LedgerEntry.<LedgerEntry>find(DUE, Parameters.with("now", clock.instant()))
                        .page(Page.ofSize(batchSize)).list())
                .map(grants -> grants.stream().map(grant -> new Due(grant.subjectKey, grant.purposeId)).toList())
                .chain(this::expire);
    }

    // One after the other, each in its own transaction: a failure stops the run, the next run goes on.
    private Uni<Integer> expire(List<Due> due) {
        Uni<Integer> expired = Uni.createFrom().item(0);
        for (Due grant : due) {
            expired = expired.chain(count -> ledger.expire(grant.subjectKey(), grant.purposeId())
                    .map(recorded -> recorded.isPresent() ? count + 1 : count));
        }
        return expired;
    }

    private record Due(String subjectKey, String purposeId) {
    }
}
