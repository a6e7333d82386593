package dev.heed.consent.erasure;

import dev.heed.consent.ledger.ConsentLedger;
import dev.heed.consent.purpose.PurposeVersionRepository;
import dev.heed.platform.outbox.EventOutbox;
import dev.heed.events.Topics;
import dev.heed.events.consent.ConsentState;
import dev.heed.events.dsr.SubjectErased;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Subjects erased by a data-subject request. Erasure records the subject and tombstones its
 * consent state for every purpose of the catalogue, in one transaction; from then on the ledger
 * refuses new grants for it and publishes no state for it.
 */
@ApplicationScoped
public class ErasedSubjects {

    private final EventOutbox outbox;
    private final Clock clock;
    private final ErasedSubjectRepository erased;
    private final PurposeVersionRepository purposes;

    ErasedSubjects(EventOutbox outbox, Clock clock, ErasedSubjectRepository erased,
            PurposeVersionRepository purposes) {
        this.outbox = outbox;
        this.clock = clock;
        this.erased = erased;
        this.purposes = purposes;
    }

    /** Whether the subject was erased; joins the caller's session (and transaction) if there is one. */
    public Uni<Boolean> isErased(String subjectKey) {
        return Panache.withSession(() -> erased.findById(subjectKey)).map(subject -> subject != null);
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
        return Panache.withTransaction(() -> purposes.purposeIds()
                .chain(purposeIds -> ConsentLedger.lock(subjectKey)
                        .chain(() -> erased.insertIfAbsent(erasure, clock.instant().truncatedTo(ChronoUnit.MICROS)))
                        .chain(inserted -> inserted
                                ? tombstones(subjectKey, purposeIds).replaceWith(true)
                                : Uni.createFrom().item(false))));
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
