package dev.heed.consent.ledger;

import dev.heed.consent.erasure.ErasedSubjects;
import dev.heed.consent.erasure.SubjectErasedException;
import dev.heed.consent.propagation.StopProcessingPropagation;
import dev.heed.consent.purpose.PurposeVersion;
import dev.heed.consent.purpose.PurposeVersionRepository;
import dev.heed.consent.receipt.ConsentReceipts;
import dev.heed.consent.receipt.IssuedReceipt;
import dev.heed.platform.outbox.EventOutbox;
import dev.heed.platform.web.InvalidInputException;
import dev.heed.events.Application;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.consent.ConsentState;
import dev.heed.events.consent.Decision;
import dev.heed.events.subject.SubjectKeys;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The consent ledger. A decision, its event on {@link Topics#CONSENT_EVENTS} and the subject's new
 * state on the compacted {@link Topics#CONSENT_STATE} commit together, through the outbox. The
 * current state is never stored: it is the latest decision per purpose.
 */
@ApplicationScoped
public class ConsentLedger {

    /** The collector of the decisions that record a grant's expiry. */
    public static final String EXPIRY_COLLECTOR = "heed:expiry";

    private final EventOutbox outbox;
    private final SubjectKeys subjectKeys;
    private final Clock clock;
    private final ErasedSubjects erasedSubjects;
    private final StopProcessingPropagation propagation;
    private final ConsentReceipts receipts;
    private final LedgerRepository ledger;
    private final PurposeVersionRepository purposes;

    ConsentLedger(EventOutbox outbox, SubjectKeys subjectKeys, Clock clock, ErasedSubjects erasedSubjects,
            StopProcessingPropagation propagation, ConsentReceipts receipts, LedgerRepository ledger,
            PurposeVersionRepository purposes) {
        this.outbox = outbox;
        this.subjectKeys = subjectKeys;
        this.clock = clock;
        this.erasedSubjects = erasedSubjects;
        this.propagation = propagation;
        this.receipts = receipts;
        this.ledger = ledger;
        this.purposes = purposes;
    }

    /**
     * Records a decision against the latest version of its purpose. Decisions about one subject
     * are serialised (a transaction-scoped advisory lock on the subject key, the Kafka key of
     * privacy.consent.events.v1), so their sequence, their commit order and the order of their
     * records on the events and state topics agree. The decision's signed
     * receipt is stored, and a decision that stops processing fans out, in the same transaction.
     * For an erased subject a grant is refused
     * ({@link SubjectErasedException}) and any other decision publishes no state.
     */
    public Uni<DecisionResponse> record(DecisionCommand command) {
        String subjectKey = subjectKeys.keyOf(command.customerId());
        return Panache.withTransaction(() -> lock(subjectKey)
                .chain(() -> purposes.latestOf(command.purposeId()))
                .chain(purpose -> {
                    if (purpose == null) {
                        throw new InvalidInputException("purposeId", "is not a purpose of the catalogue");
                    }
                    LedgerEntry entry = LedgerEntry.of(command, subjectKey, purpose.version, now());
                    return append(entry, purpose).map(receipt -> DecisionResponse.recorded(entry, receipt));
                }));
    }

    /**
     * Records that the subject's grant for the purpose reached its expiry, through the same path as
     * any decision. Under the same lock it checks again that the latest decision is a grant whose
     * expiry has passed, so a later decision, or another run that got there first, leaves nothing
     * to do (empty).
     */
    public Uni<Optional<DecisionResponse>> expire(String subjectKey, String purposeId) {
        return Panache.withTransaction(() -> lock(subjectKey)
                .chain(() -> ledger.latestDecision(subjectKey, purposeId))
                .chain(latest -> {
                    Instant now = now();
                    if (latest == null || latest.decision != Decision.GRANTED
                            || latest.effectiveAt(now) != Decision.EXPIRED) {
                        return Uni.createFrom().item(Optional.<DecisionResponse>empty());
                    }
                    LedgerEntry expiry = LedgerEntry.expiryOf(latest, EXPIRY_COLLECTOR, now);
                    return purposes.version(purposeId, latest.purposeVersion)
                            .chain(purpose -> append(expiry, purpose))
                            .map(receipt -> Optional.of(DecisionResponse.recorded(expiry, receipt)));
                }));
    }

    /**
     * Records, in the caller's transaction, that the subject opted out of the sale or sharing of
     * their data through a data-subject request: a DENIED decision about the purpose, channel
     * {@code DATA_SUBJECT_REQUEST}, collected by {@code collectorId} (the request). It goes through
     * the same path as any decision: event, state, receipt, and the fan-out an opt-out starts.
     * An erased subject's opt-out is recorded too (without state).
     */
    public Uni<DecisionResponse> recordOptOut(String subjectKey, PurposeVersion purpose, String collectorId) {
        return lock(subjectKey).chain(() -> {
            LedgerEntry entry = LedgerEntry.optOutOf(subjectKey, purpose, collectorId, now());
            return append(entry, purpose).map(receipt -> DecisionResponse.recorded(entry, receipt));
        });
    }

    private Uni<IssuedReceipt> append(LedgerEntry entry, PurposeVersion purpose) {
        return erasedSubjects.isErased(entry.subjectKey).chain(erased -> {
            if (erased && entry.decision == Decision.GRANTED) {
                return Uni.createFrom().failure(new SubjectErasedException());
            }
            // An erased subject's state keys are tombstoned: a new state record would bring one back.
            return ledger.persist(entry)
                    .chain(() -> announce(entry, !erased))
                    .chain(() -> propagation.propagate(entry, purpose))
                    .chain(() -> receipts.issue(entry.attested()));
        });
    }

    /** The decision per purpose now; a grant whose expiry has passed reads as expired. */
    public Uni<SubjectConsents> current(String customerId) {
        String subjectKey = subjectKeys.keyOf(customerId);
        Instant now = clock.instant();
        return Panache.withSession(() -> ledger.latestPerPurpose(subjectKey))
                .map(entries -> state(subjectKey, now, entries));
    }

    /** The decision per purpose as it was at {@code at}: the latest recorded at or before it. */
    public Uni<SubjectConsents> at(String customerId, Instant at) {
        String subjectKey = subjectKeys.keyOf(customerId);
        return Panache.withSession(() -> ledger.latestPerPurposeAt(subjectKey, at))
                .map(entries -> state(subjectKey, at, entries));
    }

    /** Every decision of the subject, oldest first. */
    public Uni<SubjectHistory> history(String customerId) {
        String subjectKey = subjectKeys.keyOf(customerId);
        return Panache.withSession(() -> ledger.history(subjectKey))
                .map(entries -> new SubjectHistory(subjectKey, entries.stream().map(DecisionResponse::recorded).toList()));
    }

    private static SubjectConsents state(String subjectKey, Instant at, List<LedgerEntry> entries) {
        return new SubjectConsents(subjectKey, at, entries.stream().map(entry -> DecisionResponse.stateAt(entry, at)).toList());
    }

    /**
     * Serialises, within the caller's transaction, every change to one subject's decisions: the
     * outbox publishes in commit order per key only when the writers of a key take turns.
     */
    public static Uni<Void> lock(String subjectKey) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select count(*) from (select pg_advisory_xact_lock(hashtextextended(:key, 0))) l")
                .setParameter("key", "consent:" + subjectKey)
                .getSingleResult())
                .replaceWithVoid();
    }

    private Uni<Void> announce(LedgerEntry entry, boolean withState) {
        String source = Application.CONSENT_SERVICE.source();
        HeedEvent<?> decision = HeedEvent.of(entry.decision.eventType(), source, entry.recordedAt, entry.toEvent());
        Uni<Void> event = outbox.append(Topics.CONSENT_EVENTS, entry.subjectKey, decision);
        if (!withState) {
            return event;
        }
        HeedEvent<?> state = HeedEvent.of(EventType.CONSENT_STATE, source, entry.recordedAt, entry.toState());
        return event.chain(() -> outbox.append(Topics.CONSENT_STATE,
                ConsentState.keyOf(entry.subjectKey, entry.purposeId), state));
    }

    /** PostgreSQL keeps microseconds: the events carry the time exactly as stored. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
