package dev.heed.retention.run;

import dev.heed.events.retention.PurgeResult;
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
import java.util.Objects;
import java.util.UUID;

/** One system's part of a purge run: its directive and, once settled, its answer. */
@Entity
@Table(name = "purge_run_part")
@IdClass(PurgeRunPart.Key.class)
public class PurgeRunPart extends PanacheEntityBase {

    @Id
    @Column(name = "run_id")
    public UUID runId;

    @Id
    @Column(name = "system_id")
    public String systemId;

    @Column(name = "directive_id")
    public UUID directiveId;

    /** {@code null} while the directive is open. */
    @Enumerated(EnumType.STRING)
    public PurgeResult result;

    @Column(name = "records_affected")
    public Long recordsAffected;

    @Column(name = "settled_at")
    public Instant settledAt;

    static PurgeRunPart issued(UUID runId, String systemId, UUID directiveId) {
        PurgeRunPart part = new PurgeRunPart();
        part.runId = runId;
        part.systemId = systemId;
        part.directiveId = directiveId;
        return part;
    }

    static PurgeRunPart held(UUID runId, String systemId, Instant now) {
        PurgeRunPart part = new PurgeRunPart();
        part.runId = runId;
        part.systemId = systemId;
        part.result = PurgeResult.HELD;
        part.settledAt = now;
        return part;
    }

    /** The primary key: run and system. */
    public static class Key implements Serializable {

        public UUID runId;
        public String systemId;

        public Key() {
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(runId, key.runId)
                    && Objects.equals(systemId, key.systemId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(runId, systemId);
        }
    }
}
