package dev.heed.audit.witness;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heed.audit.head.SignedHeads;
import dev.heed.audit.head.StoredHead;
import dev.heed.audit.tlog.NoteSigner;
import dev.heed.audit.verify.c2sp.SignedNote;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The witnessing policy and whether the latest signed head meets it, open like {@code /checkpoint}:
 * a head without the required cosignatures is signed but not published.
 */
@Path("/audit/witnessing.json")
@Tag(name = "audit tiles", description = "The audit log in the C2SP transparency-log formats")
public class WitnessingResource {

    private final SignedHeads heads;
    private final NoteSigner notes;
    private final Witnesses witnesses;
    private final Cosignatures cosignatures;

    WitnessingResource(SignedHeads heads, NoteSigner notes, Witnesses witnesses, Cosignatures cosignatures) {
        this.heads = heads;
        this.notes = notes;
        this.witnesses = witnesses;
        this.cosignatures = cosignatures;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The cosignature policy, the witnesses, and the latest signed head's cosignatures and "
            + "published flag")
    public Uni<ObjectNode> witnessing() {
        return heads.latest().chain(latest -> latest.isEmpty()
                ? Uni.createFrom().item(status(null, List.of()))
                : cosignatures.lines(latest.get().treeSize()).map(lines -> status(latest.get(), lines)));
    }

    private ObjectNode status(StoredHead latest, List<String> lines) {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("origin", notes.origin());
        answer.put("vkey", notes.vkey());
        answer.put("requiredCosignatures", witnesses.required());
        ArrayNode configured = answer.putArray("witnesses");
        witnesses.all().forEach(witness -> configured.add(witness.key().vkey()));
        if (latest != null) {
            ObjectNode head = answer.putObject("latestHead");
            head.put("treeSize", latest.treeSize());
            head.put("rootHash", latest.head().rootHashHex());
            ArrayNode by = head.putArray("cosignedBy");
            lines.forEach(line -> by.add(SignedNote.Line.parse(line).name()));
            head.put("published", lines.size() >= witnesses.required());
        }
        return answer;
    }
}
