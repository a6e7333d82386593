package dev.heed.client;

import dev.heed.events.directive.DirectiveIssued;
import dev.heed.events.directive.DirectiveKind;
import dev.heed.events.retention.RetentionAction;
import dev.heed.events.retention.RetentionAnchor;
import java.time.Instant;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Purge a data category past its retention period. A policy's purge run is addressed to no subject
 * ({@link #subjectKey()} is {@code null}): records whose {@link #anchor()} lies before
 * {@link #cutoff()} are {@link #action() deleted or anonymised}, except those of the
 * {@link #heldSubjectKeys() held subjects}. A {@link #subjectLevel() subject-level} purge follows
 * a consent withdrawal: {@link #subjectKey()} names the subject and {@link #purposeId()} the
 * purpose; purge that subject's records of the categories kept only for that purpose.
 */
public record Purge(DirectiveIssued issued) implements Directive {

    /** Parameter naming the retention policy the purge enforces. */
    public static final String POLICY_ID = "policyId";
    /** Parameter with the policy's version. */
    public static final String POLICY_VERSION = "policyVersion";
    /** Parameter with the purge run this directive belongs to. */
    public static final String RUN_ID = "runId";
    /** Parameter with the cutoff (ISO-8601 instant): data anchored before it is past retention. */
    public static final String CUTOFF = "cutoff";
    /** Parameter with what starts the retention clock ({@link RetentionAnchor}). */
    public static final String ANCHOR = "anchor";
    /** Parameter with the retention period (ISO-8601, e.g. {@code P6Y}). */
    public static final String RETAIN_FOR = "retainFor";
    /** Parameter with what to do ({@link RetentionAction}); absent means delete. */
    public static final String ACTION = "action";
    /** Parameter listing the subject keys under legal hold: keep their records. */
    public static final String HELD_SUBJECT_KEYS = "heldSubjectKeys";
    /** Parameter listing held customer ids (only ever on this system's own topic): keep their records. */
    public static final String HELD_CUSTOMER_IDS = "heldCustomerIds";

    public Purge {
        DirectiveViews.requireKind(issued, DirectiveKind.PURGE);
    }

    /** Whether it concerns one subject ({@link #subjectKey()}), after their consent for {@link #purposeId()} ended. */
    public boolean subjectLevel() {
        return subjectKey() != null;
    }

    /** The purpose a subject-level purge concerns; empty for a policy's run narrowed to no purpose. */
    public Optional<String> purposeId() {
        return Optional.ofNullable(issued.purposeId());
    }

    public Optional<String> policyId() {
        return text(POLICY_ID);
    }

    public Optional<String> runId() {
        return text(RUN_ID);
    }

    /** The cutoff; empty when absent, and an exception (so the directive fails) when it is not an instant. */
    public Optional<Instant> cutoff() {
        return text(CUTOFF).map(cutoff -> {
            try {
                return Instant.parse(cutoff);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("purge parameter " + CUTOFF + " is not an ISO-8601 instant");
            }
        });
    }

    /** What starts the clock; empty when absent, an exception (so the directive fails) when unknown. */
    public Optional<RetentionAnchor> anchor() {
        return text(ANCHOR).map(anchor -> constant(RetentionAnchor.class, anchor, ANCHOR));
    }

    /** The retention period; empty when absent, an exception when it is not an ISO-8601 period. */
    public Optional<Period> retainFor() {
        return text(RETAIN_FOR).map(period -> {
            try {
                return Period.parse(period);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("purge parameter " + RETAIN_FOR + " is not an ISO-8601 period");
            }
        });
    }

    /** Delete (also when absent) or anonymise; an exception when unknown. */
    public RetentionAction action() {
        return text(ACTION).map(action -> constant(RetentionAction.class, action, ACTION))
                .orElse(RetentionAction.DELETE);
    }

    /** Subjects under legal hold, by subject key: their records stay. */
    public Set<String> heldSubjectKeys() {
        return texts(HELD_SUBJECT_KEYS);
    }

    /** Subjects under legal hold, by customer id: their records stay. Never log these. */
    public Set<String> heldCustomerIds() {
        return texts(HELD_CUSTOMER_IDS);
    }

    private Optional<String> text(String parameter) {
        return Optional.ofNullable(issued.parameters().get(parameter)).map(Object::toString);
    }

    private Set<String> texts(String parameter) {
        Object values = issued.parameters().get(parameter);
        if (values == null) {
            return Set.of();
        }
        if (!(values instanceof Collection<?> collection)) {
            throw new IllegalArgumentException("purge parameter " + parameter + " is not a list");
        }
        return collection.stream().map(Object::toString).collect(Collectors.toUnmodifiableSet());
    }

    private static <E extends Enum<E>> E constant(Class<E> type, String value, String parameter) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("purge parameter " + parameter + " is not one of the known values");
        }
    }

    /** Names the directive and its rule; never the held subjects. */
    @Override
    public String toString() {
        return DirectiveViews.describe(this) + "[policyId=" + policyId().orElse(null) + ", purposeId=" + purposeId().orElse(null) + ", dataCategories="
                + dataCategories() + ", cutoff=" + text(CUTOFF).orElse(null) + ", action=" + text(ACTION).orElse(null)
                + "]";
    }
}
