package dev.heed.retention.run;

import dev.heed.directives.Directive;
import dev.heed.directives.DirectiveTask;
import dev.heed.directives.DirectiveSettlementListener;
import dev.heed.events.directive.DirectiveKind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** A settled purge directive moves its run on, in the transaction that settles it. */
@ApplicationScoped
public class PurgeRunSettlement implements DirectiveSettlementListener {

    private final PurgeRuns runs;

    PurgeRunSettlement(PurgeRuns runs) {
        this.runs = runs;
    }

    @Override
    public Uni<Void> settled(Directive directive) {
        return directive.kind() == DirectiveKind.PURGE ? runs.settled(directive) : Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> answeredLate(Directive directive, DirectiveTask task) {
        return directive.kind() == DirectiveKind.PURGE ? runs.answeredLate(directive, task)
                : Uni.createFrom().voidItem();
    }
}
