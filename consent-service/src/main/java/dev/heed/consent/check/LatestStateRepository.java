package dev.heed.consent.check;

import dev.heed.events.consent.Decision;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The consent check's one query of the ledger: the latest state of many (subject, purpose) pairs
 * at once, over the reactive client rather than Hibernate, because it is the hot path.
 */
@ApplicationScoped
class LatestStateRepository {

    // The latest decision per (subject, purpose) and whether the subject was erased, one row per query, in order.
    private static final String LATEST = """
            select q.i, d.sequence, d.purpose_version, d.decision, d.expires_at, d.recorded_at,
                   exists (select 1 from erased_subject e where e.subject_key = q.subject_key) as erased
            from unnest($1::text[], $2::text[]) with ordinality as q(subject_key, purpose_id, i)
            left join lateral (
                select c.sequence, c.purpose_version, c.decision, c.expires_at, c.recorded_at
                from consent_decision c
                where c.subject_key = q.subject_key and c.purpose_id = q.purpose_id
                order by c.sequence desc limit 1) d on true
            order by q.i""";

    private final Pool database;

    LatestStateRepository(Pool database) {
        this.database = database;
    }

    /** The state of each (subjectKeys[i], purposeIds[i]), in order. */
    Uni<List<KnownState>> latest(String[] subjectKeys, String[] purposeIds) {
        return database.preparedQuery(LATEST).execute(Tuple.of(subjectKeys, purposeIds)).map(rows -> {
            List<KnownState> states = new ArrayList<>(subjectKeys.length);
            for (Row row : rows) {
                states.add(stateOf(row));
            }
            return states;
        });
    }

    private static KnownState stateOf(Row row) {
        if (row.getBoolean("erased")) {
            return KnownState.ERASED;
        }
        Long sequence = row.getLong("sequence");
        if (sequence == null) {
            return KnownState.NO_DECISION;
        }
        return new KnownState(Decision.valueOf(row.getString("decision")), row.getInteger("purpose_version"),
                instant(row, "expires_at"), instant(row, "recorded_at"), sequence, false);
    }

    private static Instant instant(Row row, String column) {
        var value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
