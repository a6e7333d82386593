package dev.heed.retention.run;

import dev.heed.events.retention.RetentionAction;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One purge run: a policy version enforced for one window. Inserted only through {@link PurgeRuns}. */
@Entity
@Table(name = "purge_run")
public class PurgeRunRecord extends PanacheEntityBase {

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
}
