package dev.heed.events.retention;

import static dev.heed.events.Payloads.optionalText;
import static dev.heed.events.Payloads.positiveVersion;
import static dev.heed.events.Payloads.required;
import static dev.heed.events.Payloads.text;

import dev.heed.events.EventPayload;
import dev.heed.events.SystemId;
import java.time.Instant;
import java.time.Period;

/**
 * A new version of the retention policy for one data category.
 *
 * @param retainFor how long data is kept after {@code anchor}, ISO-8601 (e.g. {@code P6Y})
 * @param legalReference the rule that sets the period, e.g. {@code HGB §257}
 * @param action what happens to data past the period; absent in older events, which meant {@code DELETE}
 * @param purposeId narrows the policy to data kept for this purpose (required for {@code CONSENT_WITHDRAWN})
 * @param systemId narrows the policy to one registered system
 * @param owner who is accountable for the policy (a team or role)
 * @param reason why this version was made
 * @param gracePeriod after consent for {@code purposeId} is withdrawn, how long a subject's data stays
 */
public record RetentionPolicy(String policyId, int version, String dataCategory, Period retainFor,
        RetentionAnchor anchor, String legalReference, String changedBy, Instant effectiveAt, RetentionAction action,
        String purposeId, String systemId, String owner, String reason, Period gracePeriod)
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
        action = action == null ? RetentionAction.DELETE : action;
        optionalText(purposeId, "purposeId");
        if (systemId != null) {
            SystemId.validate(systemId);
        }
        optionalText(owner, "owner");
        optionalText(reason, "reason");
        if (gracePeriod != null && (gracePeriod.isNegative() || gracePeriod.isZero())) {
            throw new IllegalArgumentException("gracePeriod must be positive");
        }
    }

    @Override
    public String kafkaKey() {
        return policyId;
    }
}
