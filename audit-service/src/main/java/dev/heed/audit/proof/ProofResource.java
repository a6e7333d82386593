package dev.heed.audit.proof;

import static dev.heed.platform.web.Roles.AUDITOR;
import static dev.heed.platform.web.Roles.PRIVACY_ADMIN;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heed.audit.query.QueryLog;
import dev.heed.platform.web.InvalidInputException;
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

/**
 * Merkle proofs (RFC 6962 / 9162): that an entry is in the log, and that a later log extends an
 * earlier one. Every proof asked for is itself logged, naming the caller.
 */
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
    @Operation(summary = "One entry with its audit path in a tree of any size",
            description = "The stored record (its leaf hash is SHA-256(0x00 || RFC 8785 JSON of the record)), the "
                    + "audit path to the root of the tree of treeSize leaves (default: the current tree) and that "
                    + "root, signed or not. 404 for an index not in the log yet. For a proof against a signed head, "
                    + "which heed-verify checks, use entries/{index}/proof.")
    public Uni<ObjectNode> entry(@RestPath String index,
            @Parameter(description = "Tree size to prove against, greater than index") @RestQuery String treeSize) {
        long leaf = number(index, "index", 0);
        Long size = treeSize == null ? null : number(treeSize, "treeSize", 1);
        Map<String, Object> asked = new HashMap<>();
        asked.put("leafIndex", leaf);
        asked.put("treeSize", size);
        return logged("entry", asked).chain(() -> proofs.entry(leaf, size));
    }

    @GET
    @Path("entries/{index}/proof")
    @Operation(summary = "An entry with its inclusion proof against a signed tree head",
            description = "Verify with `java -jar heed-verify.jar inclusion FILE --key audit-public-key.pem`. "
                    + "By default against the latest signed head; 409 while no signed head covers the entry yet, "
                    + "404 for an unknown entry or a tree size no head was signed at.")
    public Uni<ObjectNode> inclusion(@RestPath String index,
            @Parameter(description = "Size of a signed head (default: the latest)") @RestQuery String treeSize) {
        long leaf = number(index, "index", 0);
        Long size = treeSize == null ? null : number(treeSize, "treeSize", 1);
        if (size != null && leaf >= size) {
            throw new InvalidInputException("treeSize", "must be greater than the entry's index");
        }
        Map<String, Object> asked = new HashMap<>();
        asked.put("leafIndex", leaf);
        asked.put("treeSize", size);
        return logged("inclusion-proof", asked).chain(() -> proofs.inclusion(leaf, size));
    }

    @GET
    @Path("consistency")
    @Operation(summary = "The consistency proof between two signed tree heads",
            description = "Both signed heads and the proof that the later one (default: the latest) extends the "
                    + "earlier one without changing any entry. Verify with `java -jar heed-verify.jar consistency FILE "
                    + "--key audit-public-key.pem`. 404 for a tree size no head was signed at.")
    public Uni<ObjectNode> consistency(
            @Parameter(description = "Size of the earlier signed head", required = true) @RestQuery String from,
            @Parameter(description = "Size of the later signed head (default: the latest)") @RestQuery String to) {
        if (from == null) {
            throw new InvalidInputException("from", "is required: the size of a signed head");
        }
        long first = number(from, "from", 1);
        Long second = to == null ? null : number(to, "to", 1);
        if (second != null && first > second) {
            throw new InvalidInputException("from", "must not exceed to (" + second + ")");
        }
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
