package dev.heed.events.retention;

import static dev.heed.events.Payloads.optionalText;
import static dev.heed.events.Payloads.positiveVersion;
import static dev.heed.events.Payloads.required;
import static dev.heed.events.Payloads.text;

import dev.heed.events.EventPayload;
import java.time.Instant;
import java.time.Period;

/**
 * A new version of the retention policy for one data category.
 *
 * @param retainFor how long data is kept after {@code anchor}, ISO-8601 (e.g. {@code P6Y})
 * @param legalReference the rule that sets the period, e.g. {@code HGB §257}
 */
public record RetentionPolicy(String policyId, int version, String dataCategory, Period retainFor,
        RetentionAnchor anchor, String legalReference, String changedBy, Instant effectiveAt)
        implements EventPayload {

    public RetentionPolicy {
        text(policyId, "policyId");
        positiveVersion(version, "version");
        text(dataCategory, "dataCategory");
        if (required(retainFor, "retainFor").isNegative() || retainFor.isZero()) {
            throw new IllegalArgumentException("retainFor must be positive");
        }
        required(anchor, "anchor");
        optionalText(legalReference, "legalReference");
        text(changedBy, "changedBy");
        required(effectiveAt, "effectiveAt");
    }

    @Override
    public String kafkaKey() {
        return policyId;
    }
}
