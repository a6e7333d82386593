package dev.heed.audit.tlog;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * Tiles and entry bundles read straight from what the appender stored: a level-L tile is the
 * {@code tree_node} hashes of level 8L (each the root of a full tile below), an entry bundle the
 * records whose leaf hashes level 0 holds. One indexed range query per request, nothing recomputed.
 */
@ApplicationScoped
public class Tiles {

    private final Pool database;

    Tiles(Pool database) {
        this.database = database;
    }

    /** The tile's bytes, or empty while the log does not hold all of its hashes yet. */
    public Uni<Optional<byte[]>> hashes(TileAddress tile) {
        return database.preparedQuery("select hash from tree_node where level = $1 and idx >= $2 and idx < $3"
                        + " order by idx")
                .execute(Tuple.of((short) (8 * tile.level()), tile.first(), tile.first() + tile.width()))
                .map(rows -> {
                    if (rows.size() != tile.width()) {
                        return Optional.empty();
                    }
                    ByteArrayOutputStream out = new ByteArrayOutputStream(32 * tile.width());
                    for (Row row : rows) {
                        out.writeBytes(row.getBuffer("hash").getBytes());
                    }
                    return Optional.of(out.toByteArray());
                });
    }

    /** The bundle: each record's canonical bytes after its big-endian uint16 length. */
    public Uni<Optional<byte[]>> entries(TileAddress tile) {
        return database.preparedQuery("select record from audit_entry where leaf_index >= $1 and leaf_index < $2"
                        + " order by leaf_index")
                .execute(Tuple.of(tile.first(), tile.first() + tile.width()))
                .map(rows -> {
                    if (rows.size() != tile.width()) {
                        return Optional.empty();
                    }
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    for (Row row : rows) {
                        byte[] record = row.getString("record").getBytes(UTF_8);
                        if (record.length > 0xffff) {
                            throw new IllegalStateException("an entry exceeds the 65535 bytes a bundle can carry");
                        }
                        out.write(record.length >> 8);
                        out.write(record.length & 0xff);
                        out.writeBytes(record);
                    }
                    return Optional.of(out.toByteArray());
                });
    }
}
