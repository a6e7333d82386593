package dev.heed.retention.policy;

import dev.heed.events.retention.RetentionAction;
import dev.heed.events.retention.RetentionAnchor;
import dev.heed.events.retention.RetentionPolicy;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.time.Period;
import java.util.Objects;

/** One version of a retention policy. Rows are only ever inserted: a change is the next version. */
@Entity
@Table(name = "retention_policy_version")
@IdClass(PolicyVersion.Key.class)
public class PolicyVersion extends PanacheEntityBase {

    @Id
    @Column(name = "policy_id")
    public String policyId;

    @Id
    @Column(name = "version")
    public int version;

    @Column(name = "data_category", nullable = false)
    public String dataCategory;

    @Column(name = "purpose_id")
    public String purposeId;

    @Column(name = "system_id")
    public String systemId;

    @Column(name = "retain_for", nullable = false)
    public String retainFor;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RetentionAnchor anchor;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RetentionAction action;

    @Column(name = "grace_period")
    public String gracePeriod;

    @Column(name = "legal_reference")
    public String legalReference;

    @Column(nullable = false)
    public String owner;

    public String reason;

    @Column(name = "changed_by", nullable = false)
    public String changedBy;

    @Column(name = "effective_at", nullable = false)
    public Instant effectiveAt;

    static PolicyVersion next(PolicyVersion latest, PolicyRequest request, String actor, Instant now) {
        PolicyVersion policy = new PolicyVersion();
        policy.policyId = request.policyId();
        policy.version = latest == null ? 1 : latest.version + 1;
        policy.dataCategory = request.dataCategory();
        policy.purposeId = request.purposeId();
        policy.systemId = request.systemId();
        policy.retainFor = request.retainFor().toString();
        policy.anchor = request.anchor();
        policy.action = request.action();
        policy.gracePeriod = request.gracePeriod() == null ? null : request.gracePeriod().toString();
        policy.legalReference = request.legalReference();
        policy.owner = request.owner();
        policy.reason = request.reason();
        policy.changedBy = actor;
        policy.effectiveAt = now;
        return policy;
    }

    /** Whether the request asks for exactly this rule (the reason aside: it explains a change). */
    boolean says(PolicyRequest request) {
        return dataCategory.equals(request.dataCategory()) && Objects.equals(purposeId, request.purposeId())
                && Objects.equals(systemId, request.systemId()) && retainFor().equals(request.retainFor())
                && anchor == request.anchor() && action == request.action()
                && Objects.equals(gracePeriod(), request.gracePeriod())
                && Objects.equals(legalReference, request.legalReference()) && owner.equals(request.owner());
    }

    public Period retainFor() {
        return Period.parse(retainFor);
    }

    public Period gracePeriod() {
        return gracePeriod == null ? null : Period.parse(gracePeriod);
    }

    /** The event announcing this version. */
    RetentionPolicy toEvent() {
        return new RetentionPolicy(policyId, version, dataCategory, retainFor(), anchor, legalReference, changedBy,
                effectiveAt, action, purposeId, systemId, owner, reason, gracePeriod());
    }

    /** The primary key: policy id and version. */
    public static class Key implements Serializable {

        public String policyId;
        public int version;

        public Key() {
        }

        public Key(String policyId, int version) {
            this.policyId = policyId;
            this.version = version;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && version == key.version && Objects.equals(policyId, key.policyId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(policyId, version);
        }
    }
}
