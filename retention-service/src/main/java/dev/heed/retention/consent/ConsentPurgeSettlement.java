package dev.heed.retention.consent;

import dev.heed.directives.Directive;
import dev.heed.directives.DirectiveSettlementListener;
import dev.heed.events.directive.DirectiveKind;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A settled subject-level purge records its outcome, in the transaction that settles it. Purge runs
 * hear of the same directive and find no run part for it.
 */
@ApplicationScoped
public class ConsentPurgeSettlement implements DirectiveSettlementListener {

    private final ConsentPurges purges;

    ConsentPurgeSettlement(ConsentPurges purges) {
        this.purges = purges;
    }

    @Override
    public Uni<Void> settled(Directive directive) {
        return directive.kind() == DirectiveKind.PURGE && directive.subjectKey() != null
                ? purges.settled(directive) : Uni.createFrom().voidItem();
    }
}
