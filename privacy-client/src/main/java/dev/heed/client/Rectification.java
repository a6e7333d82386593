package dev.heed.client;

import dev.heed.events.directive.DirectiveIssued;
import dev.heed.events.directive.DirectiveKind;
import java.util.Map;

/** Correct the subject's data with the values the subject gave. */
public record Rectification(DirectiveIssued issued) implements Directive {

    public Rectification {
        DirectiveViews.requireKind(issued, DirectiveKind.RECTIFY);
    }

    /** The corrected values by field name, as the directive's parameters carry them. Personal data: never log it. */
    public Map<String, Object> corrections() {
        return issued.parameters();
    }

    @Override
    public String toString() {
        return DirectiveViews.describe(this) + "[fields=" + corrections().keySet() + "]";
    }
}
