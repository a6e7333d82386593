package dev.heed.retention.policy;

import dev.heed.events.retention.RetentionAction;
import dev.heed.events.retention.RetentionAnchor;
import java.time.Instant;
import java.time.Period;

/** One policy version as the API shows it. */
public record PolicyResponse(String policyId, int version, String dataCategory, String purposeId, String systemId,
        Period retainFor, RetentionAnchor anchor, RetentionAction action, Period gracePeriod, String legalReference,
        String owner, String reason, String changedBy, Instant effectiveAt) {

    static PolicyResponse of(PolicyVersion policy) {
        return new PolicyResponse(policy.policyId, policy.version, policy.dataCategory, policy.purposeId, policy.systemId,
                policy.retainFor(), policy.anchor, policy.action, policy.gracePeriod(), policy.legalReference,
                policy.owner, policy.reason, policy.changedBy, policy.effectiveAt);
    }
}
