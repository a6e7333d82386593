package dev.heed.audit.witness;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** The stored cosignatures ({@code witness_cosignature}), by head. */
@ApplicationScoped
public class Cosignatures {

    private final Pool database;

    Cosignatures(Pool database) {
        this.database = database;
    }

    /** The largest head size this witness cosigned for Heed, 0 if none. */
    public Uni<Long> latestSize(String witness) {
        return database.preparedQuery("select coalesce(max(tree_size), 0) as size from witness_cosignature"
                        + " where witness = $1")
                .execute(Tuple.of(witness)).map(rows -> rows.iterator().next().getLong("size"));
    }

    /** The signature lines for one head, by witness name. */
    public Uni<List<String>> lines(long treeSize) {
        return database.preparedQuery("select line from witness_cosignature where tree_size = $1 order by witness")
                .execute(Tuple.of(treeSize))
                .map(rows -> {
                    List<String> lines = new ArrayList<>();
                    for (Row row : rows) {
                        lines.add(row.getString("line"));
                    }
                    return lines;
                });
    }

    public Uni<Void> store(String witness, long treeSize, String line, Instant at) {
        return database.preparedQuery("insert into witness_cosignature (witness, tree_size, line, cosigned_at)"
                        + " values ($1, $2, $3, $4) on conflict (witness, tree_size) do nothing")
                .execute(Tuple.of(witness, treeSize, line, at.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }
}
