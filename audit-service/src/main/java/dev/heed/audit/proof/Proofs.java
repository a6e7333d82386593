package dev.heed.audit.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heed.audit.log.TreeNodes;
import dev.heed.audit.verify.EvidenceDocuments;
import dev.heed.audit.verify.MerkleTree;
import dev.heed.audit.verify.Subtree;
import dev.heed.audit.verify.SubtreeSource;
import dev.heed.directives.web.InvalidInputException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Inclusion and consistency proofs over the stored subtrees: each reads the O(log n) hashes it
 * needs in one query. Subtrees never change once written, so a proof for any size up to the
 * current one needs no transaction.
 */
@ApplicationScoped
public class Proofs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Pool database;

    Proofs(Pool database) {
        this.database = database;
    }

    public Uni<Long> treeSize() {
        return database.query("select coalesce(max(leaf_index) + 1, 0) as size from audit_entry").execute()
                .map(rows -> rows.iterator().next().getLong("size"));
    }

    /**
     * {leafIndex, record, inclusionProof, treeSize, rootHash}: the entry and its audit path in the
     * tree of {@code requestedSize} leaves (the current tree when null).
     */
    public Uni<ObjectNode> inclusion(long index, Long requestedSize) {
        return treeSize().chain(current -> {
            if (index >= current) {
                throw new NotFoundException("no entry " + index + " in the log yet");
            }
            long size = requestedSize == null ? current : requestedSize;
            if (size > current) {
                throw new InvalidInputException("treeSize", "must not exceed the log's size, " + current);
            }
            if (index >= size) {
                throw new InvalidInputException("treeSize", "must be greater than the entry's index");
            }
            Set<Subtree> needed = new LinkedHashSet<>(MerkleTree.inclusionNeeds(index, size));
            needed.addAll(MerkleTree.rootNeeds(size));
            return database.preparedQuery("select record from audit_entry where leaf_index = $1")
                    .execute(Tuple.of(index))
                    .map(rows -> parse(rows.iterator().next().getString("record")))
                    .chain(record -> TreeNodes.read(database, needed).map(nodes -> {
                        List<byte[]> path = MerkleTree.inclusionProof(index, size, source(nodes));
                        ObjectNode proof = EvidenceDocuments.entry(index, record, path);
                        proof.put("treeSize", size);
                        proof.put("rootHash", HexFormat.of().formatHex(MerkleTree.root(size, source(nodes))));
                        return proof;
                    }));
        });
    }

    /** {fromSize, fromRoot, toSize, toRoot, consistencyProof}: the tree of {@code to} leaves extends that of {@code from}. */
    public Uni<ObjectNode> consistency(long from, Long requestedTo) {
        if (from < 1) {
            throw new InvalidInputException("from", "must be 1 or more");
        }
        return treeSize().chain(current -> {
            long to = requestedTo == null ? current : requestedTo;
            if (to > current) {
                throw new InvalidInputException("to", "must not exceed the log's size, " + current);
            }
            if (from > to) {
                throw new InvalidInputException("from", "must not exceed to (" + to + ")");
            }
            Set<Subtree> needed = new LinkedHashSet<>(MerkleTree.consistencyNeeds(from, to));
            needed.addAll(MerkleTree.rootNeeds(from));
            needed.addAll(MerkleTree.rootNeeds(to));
            return TreeNodes.read(database, needed).map(nodes -> {
                ObjectNode proof = JSON.createObjectNode();
                proof.put("fromSize", from);
                proof.put("fromRoot", HexFormat.of().formatHex(MerkleTree.root(from, source(nodes))));
                proof.put("toSize", to);
                proof.put("toRoot", HexFormat.of().formatHex(MerkleTree.root(to, source(nodes))));
                ArrayNode path = proof.putArray("consistencyProof");
                MerkleTree.consistencyProof(from, to, source(nodes)).forEach(hash -> path.add(HexFormat.of().formatHex(hash)));
                return proof;
            });
        });
    }

    private static SubtreeSource source(Map<Subtree, byte[]> nodes) {
        return subtree -> {
            byte[] hash = nodes.get(subtree);
            if (hash == null) {
                throw new IllegalStateException("the stored tree lacks subtree " + subtree);
            }
            return hash;
        };
    }

    private static JsonNode parse(String record) {
        try {
            return JSON.readTree(record);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored record is not JSON", e);
        }
    }
}
