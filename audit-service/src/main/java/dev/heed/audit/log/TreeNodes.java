package dev.heed.audit.log;

import dev.heed.audit.verify.Subtree;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Reads stored subtree hashes ({@code tree_node}), all a computation needs in one query. */
public final class TreeNodes {

    private TreeNodes() {
    }

    public static Uni<Map<Subtree, byte[]>> read(SqlClient client, Set<Subtree> needed) {
        if (needed.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        Short[] levels = needed.stream().map(s -> (short) s.level()).toArray(Short[]::new);
        Long[] indices = needed.stream().map(Subtree::index).toArray(Long[]::new);
        return client.preparedQuery("select n.level, n.idx, n.hash from tree_node n"
                        + " join unnest($1::smallint[], $2::bigint[]) as wanted(level, idx)"
                        + " on n.level = wanted.level and n.idx = wanted.idx")
                .execute(Tuple.of(levels, indices))
                .map(rows -> {
                    Map<Subtree, byte[]> found = new HashMap<>();
                    for (Row row : rows) {
                        found.put(new Subtree(row.getShort("level"), row.getLong("idx")),
                                row.getBuffer("hash").getBytes());
                    }
                    return found;
                });
    }
}
