package dev.heed.consent.erasure;

import dev.heed.events.dsr.SubjectErased;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** The named queries of the {@code erased_subject} table, in the caller's session (and transaction). */
@ApplicationScoped
public class ErasedSubjectRepository implements PanacheRepositoryBase<ErasedSubject, String> {

    private static final String INSERT = "insert into erased_subject"
            + " (subject_key, request_id, erased_at, recorded_at) values (?1, ?2, ?3, ?4)"
            + " on conflict (subject_key) do nothing";

    /** @return false when the subject was recorded as erased already */
    Uni<Boolean> insertIfAbsent(SubjectErased erasure, Instant recordedAt) {
        return Panache.getSession().chain(session -> session.createNativeMutationQuery(INSERT)
                        .setParameter(1, erasure.subjectKey())
                        .setParameter(2, erasure.requestId())
                        .setParameter(3, erasure.erasedAt())
                        .setParameter(4, recordedAt)
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
