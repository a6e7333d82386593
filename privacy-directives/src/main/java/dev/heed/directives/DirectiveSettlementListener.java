package dev.heed.directives;

import io.smallrye.mutiny.Uni;

/**
 * Implemented by the issuing service (as a CDI bean) to react when one of its directives
 * settles, e.g. to complete a data-subject request. Called inside the transaction that settles
 * the directive, with the Panache session of that transaction current: the reaction and the
 * settlement commit together, and a failure rolls both back (the acknowledgement or deadline
 * run is then retried).
 */
public interface DirectiveSettlementListener {

    /** The directive reached {@code COMPLETED} or {@code PARTIALLY_COMPLETED}. Also called, at once, for a directive without recipients. */
    Uni<Void> settled(Directive directive);

    /** A system answered after its task was overdue and the directive had settled; the answer is recorded. */
    default Uni<Void> answeredLate(Directive directive, DirectiveTask task) {
        return Uni.createFrom().voidItem();
    }
}
