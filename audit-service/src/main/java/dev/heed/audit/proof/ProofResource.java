package dev.heed.audit.proof;

import static dev.heed.directives.web.Roles.AUDITOR;
import static dev.heed.directives.web.Roles.PRIVACY_ADMIN;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heed.audit.query.QueryLog;
import dev.heed.directives.web.InvalidInputException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Merkle proofs (RFC 6962 / 9162): that an entry is in the log, and that a later log extends an earlier one. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({AUDITOR, PRIVACY_ADMIN})
@Tag(name = "audit", description = "The append-only audit log")
public class ProofResource {

    private final Proofs proofs;
    private final QueryLog log;
    private final SecurityIdentity identity;

    ProofResource(Proofs proofs, QueryLog log, SecurityIdentity identity) {
        this.proofs = proofs;
        this.log = log;
        this.identity = identity;
    }

    @GET
    @Path("entries/{index}")
    @Operation(summary = "One entry with its inclusion proof",
            description = "The stored record (its leaf hash is SHA-256(0x00 || RFC 8785 JSON of the record)), the "
                    + "audit path to the root of the tree of treeSize leaves (default: the current tree) and that "
                    + "root. 404 for an index not in the log yet.")
    public Uni<ObjectNode> entry(@RestPath String index,
            @Parameter(description = "Tree size to prove against, greater than index") @RestQuery String treeSize) {
        long leaf = number(index, "index", 0);
        Long size = treeSize == null ? null : number(treeSize, "treeSize", 1);
        Map<String, Object> asked = new HashMap<>();
        asked.put("leafIndex", leaf);
        asked.put("treeSize", size);
        return logged("entry", asked).chain(() -> proofs.inclusion(leaf, size));
    }

    @GET
    @Path("consistency")
    @Operation(summary = "A consistency proof between two tree sizes",
            description = "Both roots and the proof that the tree of to leaves (default: the current tree) extends "
                    + "the tree of from leaves without changing any of them.")
    public Uni<ObjectNode> consistency(@RestQuery String from, @RestQuery String to) {
        if (from == null) {
            throw new InvalidInputException("from", "is required");
        }
        long first = number(from, "from", 1);
        Long second = to == null ? null : number(to, "to", 1);
        Map<String, Object> asked = new HashMap<>();
        asked.put("from", first);
        asked.put("to", second);
        return logged("consistency", asked).chain(() -> proofs.consistency(first, second));
    }

    private Uni<Void> logged(String kind, Map<String, Object> asked) {
        return log.record(identity.getPrincipal().getName(), identity.getRoles(), kind, null, asked);
    }

    private static long number(String value, String field, long min) {
        try {
            long number = Long.parseLong(value);
            if (number < min) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "must be a whole number of at least " + min);
        }
    }
}
