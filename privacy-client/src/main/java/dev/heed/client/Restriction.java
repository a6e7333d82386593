package dev.heed.client;

import dev.heed.events.directive.DirectiveIssued;
import dev.heed.events.directive.DirectiveKind;

/** Keep the subject's data but stop using it (GDPR Art. 18) until the restriction is lifted. */
public record Restriction(DirectiveIssued issued) implements Directive {

    public Restriction {
        DirectiveViews.requireKind(issued, DirectiveKind.RESTRICT);
    }

    @Override
    public String toString() {
        return DirectiveViews.describe(this);
    }
}
