package dev.heed.consent.erasure;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A subject erased by a data-subject request; inserted once, never changed. */
@Entity
@Table(name = "erased_subject")
public class ErasedSubject extends PanacheEntityBase {

    @Id
    @Column(name = "subject_key", updatable = false)
    public String subjectKey;

    @Column(name = "request_id", nullable = false, updatable = false)
    public UUID requestId;

    @Column(name = "erased_at", nullable = false, updatable = false)
    public Instant erasedAt;

    @Column(name = "recorded_at", nullable = false, updatable = false)
    public Instant recordedAt;
}
