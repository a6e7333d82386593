package dev.heed.retention.policy;

import dev.heed.events.SystemId;
import dev.heed.events.retention.RetentionAction;
import dev.heed.events.retention.RetentionAnchor;
import java.time.Period;
import java.util.regex.Pattern;

/**
 * A policy as an administrator writes it: the body of {@code POST /api/v1/policies}. Rules that
 * need no other data are checked here, so a bad body is a 400 naming the field.
 *
 * @param retainFor ISO-8601 period after the anchor, positive (e.g. {@code P6Y})
 * @param gracePeriod after consent for {@code purposeId} is withdrawn, how long a subject's data stays
 * @param reason why; required for every version after the first
 */
public record PolicyRequest(String policyId, String dataCategory, String purposeId, String systemId,
        Period retainFor, RetentionAnchor anchor, RetentionAction action, String legalReference, String owner,
        String reason, Period gracePeriod) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    private static final int MAX_TEXT = 500;

    public PolicyRequest {
        validId(policyId);
        text(dataCategory, "dataCategory", 100);
        optional(purposeId, "purposeId", 100);
        if (systemId != null && !SystemId.isValid(systemId)) {
            throw new IllegalArgumentException("systemId must match " + SystemId.REGEX);
        }
        positive(retainFor, "retainFor");
        if (anchor == null) {
            throw new IllegalArgumentException("anchor is required");
        }
        if (action == null) {
            throw new IllegalArgumentException("action is required");
        }
        optional(legalReference, "legalReference", MAX_TEXT);
        text(owner, "owner", 200);
        optional(reason, "reason", MAX_TEXT);
        if (gracePeriod != null) {
            positive(gracePeriod, "gracePeriod");
        }
        if (anchor == RetentionAnchor.CONSENT_WITHDRAWN && purposeId == null) {
            throw new IllegalArgumentException("purposeId is required when the anchor is CONSENT_WITHDRAWN");
        }
        if (gracePeriod != null && purposeId == null) {
            throw new IllegalArgumentException("purposeId is required with a gracePeriod (the purpose whose consent"
                    + " withdrawal starts it)");
        }
    }

    /** A policy id from a path or a body. */
    public static String validId(String policyId) {
        if (policyId == null || !ID.matcher(policyId).matches()) {
            throw new IllegalArgumentException("policyId must be 1-100 of a-z, 0-9, '.', '_', '-', starting with a"
                    + " letter or digit");
        }
        return policyId;
    }

    private static void positive(Period period, String field) {
        if (period == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        if (period.isNegative() || period.isZero() || period.getYears() < 0 || period.getMonths() < 0
                || period.getDays() < 0) {
            throw new IllegalArgumentException(field + " must be a positive ISO-8601 period, e.g. P6Y or P30D");
        }
    }

    private static void text(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        optional(value, field, max);
    }

    private static void optional(String value, String field, int max) {
        if (value != null && (value.isBlank() || value.length() > max)) {
            throw new IllegalArgumentException(field + " must be 1-" + max + " characters");
        }
    }
}
