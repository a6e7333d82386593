package dev.heed.client;

import dev.heed.events.directive.DirectiveIssued;
import dev.heed.events.directive.DirectiveKind;

/** Erase everything the system holds about the subject (in {@link #dataCategories()}, if any are named). */
public record Erasure(DirectiveIssued issued) implements Directive {

    public Erasure {
        DirectiveViews.requireKind(issued, DirectiveKind.ERASE);
    }

    @Override
    public String toString() {
        return DirectiveViews.describe(this);
    }
}
