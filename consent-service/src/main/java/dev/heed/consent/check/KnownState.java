package dev.heed.consent.check;

import dev.heed.events.consent.ConsentState;
import dev.heed.events.consent.Decision;
import java.time.Instant;

/**
 * What a replica knows about one subject and purpose: the latest decision (none yet, or a
 * decision with its ledger sequence), or that the subject was erased. Expiry and renewal are not
 * part of it: they depend on the time and the catalogue, and are evaluated at check time.
 *
 * @param decision {@code null} when the subject never decided about the purpose
 * @param sequence the decision's ledger sequence; 0 for no decision; an erased subject's state
 *     is final and sorts after every decision
 */
record KnownState(Decision decision, int purposeVersion, Instant expiresAt, Instant decidedAt, long sequence,
        boolean erased) {

    static final KnownState NO_DECISION = new KnownState(null, 0, null, null, 0, false);
    static final KnownState ERASED = new KnownState(null, 0, null, null, Long.MAX_VALUE, true);

    static KnownState of(ConsentState state) {
        return new KnownState(state.decision(), state.purposeVersion(), state.expiresAt(), state.updatedAt(),
                state.sequence(), false);
    }

    /** Whether it reflects the decision that returned {@code version}, or a later one. */
    boolean atLeast(long version) {
        return sequence >= version;
    }
}
