package dev.heed.directives;

import dev.heed.events.directive.DirectiveAcknowledgement;
import dev.heed.events.directive.DirectiveKind;
import io.smallrye.mutiny.Uni;
import java.util.Optional;
import java.util.UUID;

/**
 * Implemented by the issuing service (as a CDI bean) when a {@code DONE} answer needs proof the
 * acknowledgement alone does not carry, e.g. an export whose hash must match the uploaded part.
 * Called inside the transaction that applies the acknowledgement, with its Panache session
 * current, before the directive may settle: a refusal ends the task {@code FAILED} with the reason,
 * so the directive and everything listening to its settlement see the system as not confirmed.
 */
public interface AcknowledgementCheck {

    /** Why this {@code DONE} answer cannot count as done, or empty when it can. */
    Uni<Optional<String>> refusal(UUID directiveId, DirectiveKind kind, DirectiveAcknowledgement acknowledgement);
}
