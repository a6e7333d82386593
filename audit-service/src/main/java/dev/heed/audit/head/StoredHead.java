package dev.heed.audit.head;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heed.audit.verify.EvidenceDocuments;
import dev.heed.audit.verify.TreeHead;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;

/** A row of {@code signed_head}: a head as signed, and the previous head's size. */
public record StoredHead(TreeHead head, String signature, long firstLeafIndex) {

    static final String COLUMNS = "tree_size, root_hash, signed_at, key_id, algorithm, signature, first_leaf_index";

    static StoredHead of(Row row) {
        Instant signedAt = row.getOffsetDateTime("signed_at").toInstant();
        return new StoredHead(new TreeHead(row.getLong("tree_size"), row.getBuffer("root_hash").getBytes(), signedAt,
                row.getString("key_id"), row.getString("algorithm")), row.getString("signature"),
                row.getLong("first_leaf_index"));
    }

    public long treeSize() {
        return head.treeSize();
    }

    /** The head as the verifier reads it, field for field the published event's. */
    public ObjectNode document() {
        return EvidenceDocuments.signedHead(head, signature);
    }
}
