package dev.heed.retention.run;

import dev.heed.events.retention.RetentionAction;
import dev.heed.retention.policy.PolicyVersion;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One purge run: a policy version enforced for one window. Inserted only through {@link PurgeRunRepository}. */
@Entity
@Table(name = "purge_run")
public class PurgeRunRow extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "policy_id", nullable = false)
    public String policyId;

    @Column(name = "policy_version", nullable = false)
    public int policyVersion;

    @Column(name = "window_start", nullable = false)
    public Instant windowStart;

    @Column(name = "data_category", nullable = false)
    public String dataCategory;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RetentionAction action;

    @Column(nullable = false)
    public Instant cutoff;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RunTrigger trigger;

    @Column(name = "started_by", nullable = false)
    public String startedBy;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RunState state;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** A run about to start (not persisted: {@link PurgeRunRepository#insertIfAbsent} inserts it). */
    static PurgeRunRow started(PolicyVersion policy, Instant windowStart, Instant cutoff, RunTrigger trigger,
            String actor, Instant now) {
        PurgeRunRow run = new PurgeRunRow();
        run.id = UUID.randomUUID();
        run.policyId = policy.policyId;
        run.policyVersion = policy.version;
        run.windowStart = windowStart;
        run.dataCategory = policy.dataCategory;
        run.action = policy.action;
        run.cutoff = cutoff;
        run.trigger = trigger;
        run.startedBy = actor;
        run.state = RunState.RUNNING;
        run.startedAt = now;
        return run;
    }
}
