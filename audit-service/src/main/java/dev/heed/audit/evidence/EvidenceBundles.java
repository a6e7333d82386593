package dev.heed.audit.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heed.audit.EntryTypes;
import dev.heed.audit.head.SigningKeys;
import dev.heed.audit.head.StoredHead;
import dev.heed.audit.proof.ProofUnavailableException;
import dev.heed.audit.proof.Proofs;
import dev.heed.audit.verify.EvidenceDocuments;
import dev.heed.events.EventType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One document per data-subject request or consent withdrawal: every related entry, each with its
 * inclusion proof against the latest signed head, that head and its public key. Related are the
 * entries that carry the id (a request's lifecycle facts, a withdrawal's decision, the directives
 * issued for it, whose {@code reference} is that id), the acknowledgements of those directives, and operator actions whose target is the id. A consent
 * withdrawal is known by its {@code decisionId}, the reference of its STOP_PROCESSING directives.
 * Entries newer than the latest signed head are left out and counted in {@code about.pendingEntries}:
 * the answer is immediate, and downloading again after the next head includes them.
 */
@ApplicationScoped
public class EvidenceBundles {

    public enum Kind {
        REQUEST("request", "dev.heed.dsr."),
        WITHDRAWAL("withdrawal", EventType.CONSENT_WITHDRAWN.type());

        final String name;
        /** The type (prefix) of an entry that shows the id is of this kind. */
        final String typePrefix;

        Kind(String name, String typePrefix) {
            this.name = name;
            this.typePrefix = typePrefix;
        }
    }

    // Reads of the log are left out: they say who looked, not what was done, and every download of
    // a bundle would otherwise change the next one.
    private static final String RELATED = "select leaf_index, record from audit_entry where event_type <> $4"
            + " and (request_id = $1"
            + " or directive_id in (select directive_id from audit_entry where request_id = $1"
            + " and directive_id is not null)"
            + " or (event_type in ($2, $3) and cast(record as jsonb) -> 'data' ->> 'target' = $1))"
            + " order by leaf_index";

    private final Pool database;
    private final Proofs proofs;
    private final SigningKeys keys;

    EvidenceBundles(Pool database, Proofs proofs, SigningKeys keys) {
        this.database = database;
        this.proofs = proofs;
        this.keys = keys;
    }

    public Uni<ObjectNode> bundle(Kind kind, String id) {
        return database.preparedQuery(RELATED)
                .execute(Tuple.of(id, EventType.DSR_OPERATOR_ACTION.type(), EventType.RETENTION_OPERATOR_ACTION.type(),
                        EntryTypes.AUDIT_QUERIED))
                .map(Proofs::records)
                .chain(entries -> {
                    boolean known = entries.values().stream()
                            .anyMatch(record -> record.path("type").asText().startsWith(kind.typePrefix)
                                    && id.equals(record.path("requestId").asText()));
                    if (!known) {
                        throw ProofUnavailableException.notFound("the audit log holds no " + kind.name + " " + id);
                    }
                    return proofs.head(null).chain(head -> bundle(kind, id, entries, head));
                });
    }

    private Uni<ObjectNode> bundle(Kind kind, String id, Map<Long, JsonNode> entries, StoredHead head) {
        Map<Long, JsonNode> covered = new LinkedHashMap<>();
        entries.forEach((index, record) -> {
            if (index < head.treeSize()) {
                covered.put(index, record);
            }
        });
        if (covered.isEmpty()) {
            throw ProofUnavailableException.notSignedYet("no signed tree head covers the " + kind.name
                    + " yet: ask again after the next signed head");
        }
        ObjectNode about = JsonNodeFactory.instance.objectNode();
        about.put("kind", kind.name);
        about.put("id", id);
        about.put("entries", covered.size());
        about.put("pendingEntries", entries.size() - covered.size());
        return proofs.inclusionProofs(covered, head).map(documents -> EvidenceDocuments.bundle(about, head.document(),
                keys.byKeyId(head.head().keyId()).orElseThrow(() -> new IllegalStateException(
                        "the key " + head.head().keyId() + " of the latest head is not published: configure it in "
                                + "heed.audit.signing.previous-public-keys")),
                documents));
    }
}
