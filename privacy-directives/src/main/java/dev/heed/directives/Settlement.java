package dev.heed.directives;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Ends a directive once none of its tasks is pending: {@code COMPLETED} when every recipient
 * answered done or not applicable, otherwise {@code PARTIALLY_COMPLETED}. Callers hold the
 * directive's row lock, so concurrent acknowledgements settle it exactly once.
 */
@ApplicationScoped
class Settlement {

    private final Clock clock;
    private final Instance<DirectiveSettlementListener> listeners;

    Settlement(Clock clock, @Any Instance<DirectiveSettlementListener> listeners) {
        this.clock = clock;
        this.listeners = listeners;
    }

    /** The directive, locked for update in the current transaction, or {@code null}. */
    public static Uni<DirectiveRow> lockDirective(Mutiny.Session session, UUID id) {
        return session.find(DirectiveRow.class, id, LockModeType.PESSIMISTIC_WRITE);
    }

    public static Uni<List<DirectiveTaskRow>> tasksOf(Mutiny.Session session, UUID directiveId) {
        return session.createSelectionQuery("from DirectiveTaskRow where directiveId = :directive order by systemId",
                        DirectiveTaskRow.class)
                .setParameter("directive", directiveId)
                .getResultList();
    }

    /** Settles the directive if it is still open and no task is pending; then tells the listeners. */
    public Uni<Optional<Directive>> settleIfDone(DirectiveRow directive, List<DirectiveTaskRow> tasks) {
        if (directive.state().isSettled()
                || tasks.stream().anyMatch(task -> task.state() == TaskState.PENDING)) {
            return Uni.createFrom().item(Optional.empty());
        }
        boolean complete = tasks.stream().allMatch(task -> task.state().isSuccessful());
        directive.settle(complete ? DirectiveState.COMPLETED : DirectiveState.PARTIALLY_COMPLETED, clock.instant());
        tasks.forEach(DirectiveTaskRow::forgetEvent);
        Directive settled = Directive.of(directive, tasks);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (DirectiveSettlementListener listener : listeners) {
            chain = chain.chain(() -> listener.settled(settled));
        }
        return chain.replaceWith(Optional.of(settled));
    }

    /** Tells the listeners about an answer that came after the directive settled. */
    public Uni<Void> answeredLate(Directive directive, DirectiveTask task) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (DirectiveSettlementListener listener : listeners) {
            chain = chain.chain(() -> listener.answeredLate(directive, task));
        }
        return chain;
    }
}
