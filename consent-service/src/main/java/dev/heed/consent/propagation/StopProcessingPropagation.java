package dev.heed.consent.propagation;

import dev.heed.consent.ledger.LedgerEntry;
import dev.heed.consent.purpose.PurposeVersion;
import dev.heed.directives.DirectiveIssuer;
import dev.heed.directives.DirectiveQueries;
import dev.heed.directives.DirectiveRequest;
import dev.heed.events.consent.Decision;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.purpose.LegalBasis;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * Fans a decision that stops processing out to every registered system that processes data for
 * its purpose, as a {@code STOP_PROCESSING} directive whose reference is the decision id, and
 * shows how far that got.
 */
@ApplicationScoped
public class StopProcessingPropagation {

    private final DirectiveIssuer issuer;
    private final DirectiveQueries directives;
    private final Clock clock;

    StopProcessingPropagation(DirectiveIssuer issuer, DirectiveQueries directives, Clock clock) {
        this.issuer = issuer;
        this.directives = directives;
        this.clock = clock;
    }

    /**
     * Issues the directive in the caller's transaction when the recorded decision stops
     * processing; recipients are the systems registered for the purpose. Fails with
     * {@link dev.heed.directives.RegistryNotReadyException} while the registry view is
     * catching up, which rolls the decision back.
     */
    public Uni<Void> propagate(LedgerEntry decision, PurposeVersion purpose) {
        if (!stopsProcessing(decision.decision, decision.optsOut(), purpose.legalBasis)) {
            return Uni.createFrom().voidItem();
        }
        // The purpose alone selects the recipients: naming its data categories too would leave out a
        // system registered for the purpose under other categories.
        return issuer.issue(DirectiveRequest.about(DirectiveKind.STOP_PROCESSING, decision.subjectKey)
                        .purpose(decision.purposeId)
                        .reference(decision.id.toString()))
                .replaceWithVoid();
    }

    /**
     * Withdrawals and expiries stop processing. A denial does when it opts out of sale or sharing
     * (a Global Privacy Control signal, or a data-subject request), or when the purpose does not
     * rest on consent: then it is an objection to processing that was running without asking.
     */
    static boolean stopsProcessing(Decision decision, boolean optOut, LegalBasis legalBasis) {
        return switch (decision) {
            case WITHDRAWN, EXPIRED -> true;
            case DENIED -> optOut || legalBasis != LegalBasis.CONSENT;
            case GRANTED -> false;
        };
    }

    /** How the directive a decision issued stands now; empty when the decision issued none (or is unknown). */
    public Uni<Optional<PropagationProof>> proof(UUID decisionId) {
        return directives.findIssued(decisionId.toString())
                .map(found -> found.map(directive -> PropagationProof.of(decisionId, directive, clock.instant())));
    }
}
