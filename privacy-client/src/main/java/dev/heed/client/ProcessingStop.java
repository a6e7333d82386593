package dev.heed.client;

import dev.heed.events.directive.DirectiveIssued;
import dev.heed.events.directive.DirectiveKind;

/** Stop processing the subject's data for one purpose: a withdrawal, an expiry, an objection or an opt-out. */
public record ProcessingStop(DirectiveIssued issued) implements Directive {

    public ProcessingStop {
        DirectiveViews.requireKind(issued, DirectiveKind.STOP_PROCESSING);
    }

    /** The purpose to stop processing for. */
    public String purposeId() {
        return issued.purposeId();
    }

    @Override
    public String toString() {
        return DirectiveViews.describe(this) + "[purposeId=" + purposeId() + "]";
    }
}
