package dev.heed.client;

import dev.heed.events.directive.DirectiveIssued;
import dev.heed.events.directive.DirectiveKind;

/** What the typed views share and do not publish. */
final class DirectiveViews {

    private DirectiveViews() {
    }

    /** Names what a log line may carry: the directive, its kind and its cause, nothing personal. */
    static String describe(Directive directive) {
        return directive.getClass().getSimpleName() + "[directiveId=" + directive.directiveId() + ", kind="
                + directive.kind() + ", reference=" + directive.reference() + "]";
    }

    static DirectiveIssued requireKind(DirectiveIssued issued, DirectiveKind kind) {
        if (issued == null || issued.kind() != kind) {
            throw new IllegalArgumentException("not a " + kind + " directive");
        }
        return issued;
    }
}
