package dev.heed.client;

import dev.heed.events.directive.DirectiveIssued;
import dev.heed.events.directive.DirectiveKind;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Purge a data category past its retention period, for every subject. Addressed to no subject:
 * {@link #subjectKey()} is {@code null}.
 */
public record Purge(DirectiveIssued issued) implements Directive {

    /** Parameter naming the retention policy the purge enforces. */
    public static final String POLICY_ID = "policyId";
    /** Parameter with the cutoff (ISO-8601 instant): data anchored before it is past retention. */
    public static final String CUTOFF = "cutoff";

    public Purge {
        DirectiveViews.requireKind(issued, DirectiveKind.PURGE);
    }

    public Optional<String> policyId() {
        return Optional.ofNullable(issued.parameters().get(POLICY_ID)).map(Object::toString);
    }

    /** The cutoff; empty when absent, and an exception (so the directive fails) when it is not an instant. */
    public Optional<Instant> cutoff() {
        Object cutoff = issued.parameters().get(CUTOFF);
        if (cutoff == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(cutoff.toString()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("purge parameter " + CUTOFF + " is not an ISO-8601 instant");
        }
    }

    @Override
    public String toString() {
        return DirectiveViews.describe(this) + "[policyId=" + policyId().orElse(null) + ", dataCategories="
                + dataCategories() + "]";
    }
}
