package dev.heed.audit.proof;

import static dev.heed.directives.web.Roles.AUDITOR;
import static dev.heed.directives.web.Roles.PRIVACY_ADMIN;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heed.audit.query.AuditQueries;
import dev.heed.directives.web.InvalidInputException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Proofs an auditor checks offline with {@code heed-verify}; every one asked for is itself logged. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({AUDITOR, PRIVACY_ADMIN})
@Tag(name = "audit", description = "The append-only audit log")
public class ProofResource {

    private final Proofs proofs;
    private final AuditQueries queries;
    private final SecurityIdentity identity;

    ProofResource(Proofs proofs, AuditQueries queries, SecurityIdentity identity) {
        this.proofs = proofs;
        this.queries = queries;
        this.identity = identity;
    }

    @GET
    @Path("entries/{leafIndex}/proof")
    @Operation(summary = "An entry with its inclusion proof against a signed tree head",
            description = "Verify with `java -jar heed-verify.jar inclusion FILE --key audit-public-key.pem`. "
                    + "By default against the latest signed head; 409 while no signed head covers the entry yet, "
                    + "404 for an unknown entry or a tree size no head was signed at.")
    public Uni<ObjectNode> inclusion(@RestPath String leafIndex,
            @Parameter(description = "Size of a signed head (default: the latest)") @RestQuery String treeSize) {
        long index = number(leafIndex, "leafIndex", 0);
        Long size = treeSize == null ? null : number(treeSize, "treeSize", 1);
        if (size != null && index >= size) {
            throw new InvalidInputException("treeSize", "must be greater than leafIndex");
        }
        ObjectNode details = JsonNodeFactory.instance.objectNode().put("leafIndex", index);
        if (size != null) {
            details.put("treeSize", size);
        }
        return log("inclusion-proof", details).chain(() -> proofs.inclusion(index, size));
    }

    @GET
    @Path("consistency")
    @Operation(summary = "The consistency proof between two signed tree heads",
            description = "Proves the later head extends the earlier one without rewriting any entry. Verify with "
                    + "`java -jar heed-verify.jar consistency FILE --key audit-public-key.pem`. 404 for a tree size "
                    + "no head was signed at.")
    public Uni<ObjectNode> consistency(
            @Parameter(description = "Size of the earlier signed head", required = true) @RestQuery String from,
            @Parameter(description = "Size of the later signed head (default: the latest)") @RestQuery String to) {
        if (from == null) {
            throw new InvalidInputException("from", "is required: the size of a signed head");
        }
        long first = number(from, "from", 1);
        Long second = to == null ? null : number(to, "to", 1);
        if (second != null && first > second) {
            throw new InvalidInputException("from", "must not be greater than to");
        }
        ObjectNode details = JsonNodeFactory.instance.objectNode().put("fromTreeSize", first);
        if (second != null) {
            details.put("toTreeSize", second);
        }
        return log("consistency-proof", details).chain(() -> proofs.consistency(first, second));
    }

    private Uni<Void> log(String kind, ObjectNode details) {
        return queries.logAccess(kind, details, null, identity.getPrincipal().getName(), identity.getRoles());
    }

    static long number(String value, String field, long min) {
        try {
            long number = Long.parseLong(value);
            if (number < min) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "must be a whole number, " + min + " or more");
        }
    }
}
