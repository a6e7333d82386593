package dev.heed.audit.head;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads the heads the service signed ({@code signed_head}). */
@ApplicationScoped
public class SignedHeads {

    private final Pool database;

    SignedHeads(Pool database) {
        this.database = database;
    }

    public Uni<Optional<StoredHead>> latest() {
        return database.query("select " + StoredHead.COLUMNS + " from signed_head order by tree_size desc limit 1")
                .execute().map(SignedHeads::first);
    }

    public Uni<Optional<StoredHead>> ofSize(long treeSize) {
        return database.preparedQuery("select " + StoredHead.COLUMNS + " from signed_head where tree_size = $1")
                .execute(Tuple.of(treeSize)).map(SignedHeads::first);
    }

    /** Every head, by tree size. */
    public Uni<List<StoredHead>> all() {
        return database.query("select " + StoredHead.COLUMNS + " from signed_head order by tree_size").execute()
                .map(rows -> {
                    List<StoredHead> heads = new ArrayList<>();
                    rows.forEach(row -> heads.add(StoredHead.of(row)));
                    return heads;
                });
    }

    private static Optional<StoredHead> first(RowSet<Row> rows) {
        return rows.iterator().hasNext() ? Optional.of(StoredHead.of(rows.iterator().next())) : Optional.empty();
    }
}
