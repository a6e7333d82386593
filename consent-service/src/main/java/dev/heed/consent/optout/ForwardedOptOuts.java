package dev.heed.consent.optout;

import dev.heed.consent.ledger.ConsentLedger;
import dev.heed.consent.purpose.PurposeVersion;
import dev.heed.consent.purpose.PurposeVersionRepository;
import dev.heed.events.dsr.OptOutRequested;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Opt-outs of sale or sharing that dsr-service forwards from verified requests. One is recorded
 * like a GPC opt-out: a denial of every purpose of the catalogue that sells or shares, each
 * through the ledger (event, state, receipt, {@code STOP_PROCESSING} fan-out), all in one
 * transaction with the row that marks the event applied.
 */
@ApplicationScoped
public class ForwardedOptOuts {

    private final ConsentLedger ledger;
    private final Clock clock;
    private final PurposeVersionRepository purposes;

    ForwardedOptOuts(ConsentLedger ledger, Clock clock, PurposeVersionRepository purposes) {
        this.ledger = ledger;
        this.clock = clock;
        this.purposes = purposes;
    }

    /**
     * Records the opt-out once per event id.
     *
     * @return how many purposes it denied; empty when the event was already applied (a redelivery)
     */
    public Uni<Optional<Integer>> apply(String eventId, OptOutRequested optOut) {
        String collector = collectorOf(optOut);
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> purposes.latestSellingOrSharing()
                .chain(selling -> markApplied(session, eventId, optOut, selling.size()).chain(first -> first
                        ? deny(optOut.subjectKey(), selling, collector).replaceWith(Optional.of(selling.size()))
                        : Uni.createFrom().item(Optional.<Integer>empty())))));
    }

    /** One after the other, in purpose order: the order in which an erasure takes the same locks. */
    private Uni<Void> deny(String subjectKey, List<PurposeVersion> purposes, String collector) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (PurposeVersion purpose : purposes) {
            chain = chain.chain(() -> ledger.recordOptOut(subjectKey, purpose, collector).replaceWithVoid());
        }
        return chain;
    }

    /** The ledger's collector of the request's decisions: the request, never the requester. */
    private static String collectorOf(OptOutRequested optOut) {
        return "dsr-request:" + optOut.requestId();
    }

    private Uni<Boolean> markApplied(Mutiny.Session session, String eventId, OptOutRequested optOut, int purposes) {
        return session.createNativeMutationQuery("insert into dsr_opt_out"
                        + " (event_id, request_id, subject_key, purposes, recorded_at) values (?1, ?2, ?3, ?4, ?5)"
                        + " on conflict (event_id) do nothing")
                .setParameter(1, eventId)
                .setParameter(2, optOut.requestId())
                .setParameter(3, optOut.subjectKey())
                .setParameter(4, purposes)
                .setParameter(5, clock.instant().truncatedTo(ChronoUnit.MICROS))
                .executeUpdate()
                .map(inserted -> inserted == 1);
    }
}
