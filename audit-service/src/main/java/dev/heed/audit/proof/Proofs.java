package dev.heed.audit.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heed.audit.head.SignedHeads;
import dev.heed.audit.head.StoredHead;
import dev.heed.audit.log.TreeNodes;
import dev.heed.audit.verify.EvidenceDocuments;
import dev.heed.audit.verify.MerkleTree;
import dev.heed.audit.verify.Subtree;
import dev.heed.audit.verify.SubtreeSource;
import dev.heed.platform.web.InvalidInputException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Inclusion and consistency proofs over the stored subtrees: each reads the O(log n) hashes it
 * needs in one query. Subtrees never change once written, so a proof for any size up to the
 * current one needs no transaction. Proofs against signed heads are the documents
 * {@code heed-verify} checks.
 */
@ApplicationScoped
public class Proofs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Pool database;
    private final SignedHeads heads;

    Proofs(Pool database, SignedHeads heads) {
        this.database = database;
        this.heads = heads;
    }

    public Uni<Long> treeSize() {
        return database.query("select coalesce(max(leaf_index) + 1, 0) as size from audit_entry").execute()
                .map(rows -> rows.iterator().next().getLong("size"));
    }

    /**
     * {leafIndex, record, inclusionProof, treeSize, rootHash}: the entry and its audit path in the
     * tree of {@code requestedSize} leaves (the current tree when null), signed or not: for monitors
     * that track sizes themselves. {@link #inclusion} is the one an auditor verifies offline.
     */
    public Uni<ObjectNode> entry(long index, Long requestedSize) {
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

    /** Entry {@code leafIndex} in the head of {@code treeSize}, or by default in the latest signed head. */
    public Uni<ObjectNode> inclusion(long leafIndex, Long treeSize) {
        return entries(List.of(leafIndex)).chain(found -> {
            if (found.isEmpty()) {
                throw ProofUnavailableException.notFound("there is no entry " + leafIndex);
            }
            return head(treeSize).chain(head -> {
                if (leafIndex >= head.treeSize()) {
                    throw ProofUnavailableException.notSignedYet("entry " + leafIndex + " is not in the signed tree of size "
                            + head.treeSize() + (treeSize == null ? " yet: ask again after the next signed head" : ""));
                }
                return TreeNodes.read(database, MerkleTree.inclusionNeeds(leafIndex, head.treeSize()))
                        .map(nodes -> EvidenceDocuments.inclusion(leafIndex, found.get(leafIndex),
                                MerkleTree.inclusionProof(leafIndex, head.treeSize(), source(nodes)),
                                head.document()));
            });
        });
    }

    /** Between the heads of sizes {@code from} and {@code to} (by default the latest). */
    public Uni<ObjectNode> consistency(long from, Long to) {
        return heads.ofSize(from).chain(first -> {
            StoredHead older = first.orElseThrow(() -> ProofUnavailableException.notFound(
                    "no head of tree size " + from + " was signed"));
            return head(to).chain(newer -> {
                if (newer.treeSize() < older.treeSize()) {
                    throw new InvalidInputException("from", "must not be greater than to");
                }
                long second = newer.treeSize();
                return TreeNodes.read(database, MerkleTree.consistencyNeeds(from, second))
                        .map(nodes -> EvidenceDocuments.consistency(older.document(), newer.document(),
                                MerkleTree.consistencyProof(from, second, source(nodes))));
            });
        });
    }

    /** The latest signed head, or the one of {@code treeSize}. */
    public Uni<StoredHead> head(Long treeSize) {
        Uni<Optional<StoredHead>> head = treeSize == null ? heads.latest() : heads.ofSize(treeSize);
        return head.map(found -> found.orElseThrow(() -> treeSize == null
                ? ProofUnavailableException.notSignedYet("no tree head has been signed yet")
                : ProofUnavailableException.notFound("no head of tree size " + treeSize + " was signed")));
    }

    /**
     * {leafIndex, record, inclusionProof} for each entry against one head, every subtree they need
     * read in one query.
     */
    public Uni<List<ObjectNode>> inclusionProofs(Map<Long, JsonNode> entries, StoredHead head) {
        Set<Subtree> needed = new LinkedHashSet<>();
        entries.keySet().forEach(index -> needed.addAll(MerkleTree.inclusionNeeds(index, head.treeSize())));
        return TreeNodes.read(database, needed).map(nodes -> {
            List<ObjectNode> documents = new ArrayList<>();
            entries.forEach((index, record) -> documents.add(EvidenceDocuments.entry(index, record,
                    MerkleTree.inclusionProof(index, head.treeSize(), source(nodes)))));
            return documents;
        });
    }

    /** Stored records by leaf index, in leaf order. */
    public Uni<Map<Long, JsonNode>> entries(Collection<Long> leafIndices) {
        return database.preparedQuery("select leaf_index, record from audit_entry where leaf_index = any($1)"
                        + " order by leaf_index")
                .execute(Tuple.of(leafIndices.toArray(Long[]::new)))
                .map(Proofs::records);
    }

    public static Map<Long, JsonNode> records(Iterable<Row> rows) {
        Map<Long, JsonNode> records = new LinkedHashMap<>();
        for (Row row : rows) {
            records.put(row.getLong("leaf_index"), parse(row.getString("record")));
        }
        return records;
    }

    private static SubtreeSource source(Map<Subtree, byte[]> nodes) {
        return subtree -> {
            byte[] hash = nodes.get(subtree);
            if (hash == null) {
                throw new IllegalStateException("the tree lacks subtree " + subtree);
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
