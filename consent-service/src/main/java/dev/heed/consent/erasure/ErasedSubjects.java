package dev.heed.consent.erasure;

import dev.heed.consent.ledger.ConsentLedger;
import dev.heed.platform.outbox.EventOutbox;
import dev.heed.events.Topics;
import dev.heed.events.consent.ConsentState;
import dev.heed.events.dsr.SubjectErased;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Subjects erased by a data-subject request. Erasure records the subject and tombstones its
 * consent state for every purpose of the catalogue, in one transaction; from then on the ledger
 * refuses new grants for it and publishes no state for it.
 */
@ApplicationScoped
public class ErasedSubjects {

    private final EventOutbox outbox;
    private final Clock clock;

    ErasedSubjects(EventOutbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Whether the subject was erased; joins the caller's session (and transaction) if there is one. */
    public Uni<Boolean> isErased(String subjectKey) {
        return Panache.withSession(() -> ErasedSubject.<ErasedSubject>findById(subjectKey))
                .map(erased -> erased != null);
    }

    /**
     * Records the erasure and tombstones {@code <subject key>/<purpose id>} on the state topic for
     * every purpose of the catalogue, also those the subject never decided about: a tombstone of a
     * key that never existed is harmless and clears every replica's cached "no decision".
     *
     * @return false when the subject was already erased (a redelivery): nothing changes then
     */
    public Uni<Boolean> erase(SubjectErased erasure) {
        // Under the ledger's lock of the subject: a decision being recorded either commits (and
        // publishes its state) before the tombstones, or waits and then finds the subject erased.
        String subjectKey = erasure.subjectKey();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> purposeIds(session)
                .chain(purposes -> ConsentLedger.lock(subjectKey)
                        .chain(() -> insert(session, erasure))
                        .chain(inserted -> inserted
                                ? tombstones(subjectKey, purposes).replaceWith(true)
                                : Uni.createFrom().item(false)))));
    }

    private static Uni<List<String>> purposeIds(Mutiny.Session session) {
        return session.createSelectionQuery("select distinct p.purposeId from PurposeVersion p order by p.purposeId",
                String.class).getResultList();
    }

    private Uni<Boolean> insert(Mutiny.Session session, SubjectErased erasure) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return session.createNativeMutationQuery("insert into erased_subject"
                        + " (subject_key, request_id, erased_at, recorded_at) values (?1, ?2, ?3, ?4)"
                        + " on conflict (subject_key) do nothing")
                .setParameter(1, erasure.subjectKey())
                .setParameter(2, erasure.requestId())
                .setParameter(3, erasure.erasedAt())
                .setParameter(4, now)
                .executeUpdate()
                .map(inserted -> inserted == 1);
    }

    private Uni<Void> tombstones(String subjectKey, List<String> purposeIds) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String purposeId : purposeIds) {
            chain = chain.chain(() -> outbox.appendTombstone(Topics.CONSENT_STATE,
                    ConsentState.keyOf(subjectKey, purposeId)));
        }
        return chain;
    }
}
