package dev.heed.audit.evidence;

import static dev.heed.platform.web.Roles.AUDITOR;
import static dev.heed.platform.web.Roles.PRIVACY_ADMIN;

import dev.heed.audit.evidence.EvidenceBundles.Kind;
import dev.heed.audit.query.QueryLog;
import dev.heed.platform.web.InvalidInputException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** Evidence bundles, downloaded as a file; every download is itself logged, naming who asked. */
@Path("/api/v1/audit/evidence")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({AUDITOR, PRIVACY_ADMIN})
@Tag(name = "audit", description = "The append-only audit log")
public class EvidenceResource {

    private final EvidenceBundles bundles;
    private final QueryLog log;
    private final SecurityIdentity identity;

    EvidenceResource(EvidenceBundles bundles, QueryLog log, SecurityIdentity identity) {
        this.bundles = bundles;
        this.log = log;
        this.identity = identity;
    }

    @GET
    @Path("requests/{requestId}")
    @Operation(summary = "Evidence bundle of a data-subject request",
            description = "Its lifecycle, the directives issued for it, every system's acknowledgement and the operator "
                    + "actions on it, each with an inclusion proof against the latest signed tree head, and the public "
                    + "key. Verify offline: `java -jar heed-verify.jar bundle FILE --key audit-public-key.pem`. "
                    + "Entries not yet covered by a signed head are counted in about.pendingEntries.")
    public Uni<Response> request(@RestPath String requestId) {
        return download(Kind.REQUEST, uuid(requestId, "requestId"));
    }

    @GET
    @Path("withdrawals/{withdrawalId}")
    @Operation(summary = "Evidence bundle of a consent withdrawal",
            description = "The withdrawal is known by the decisionId of its dev.heed.consent.withdrawn.v1 event, which "
                    + "its STOP_PROCESSING directives carry as their reference. Otherwise as for a request.")
    public Uni<Response> withdrawal(@RestPath String withdrawalId) {
        return download(Kind.WITHDRAWAL, uuid(withdrawalId, "withdrawalId"));
    }

    private Uni<Response> download(Kind kind, String id) {
        return log.record(identity.getPrincipal().getName(), identity.getRoles(), "evidence-bundle", null,
                        Map.of("about", kind.name, "requestId", id))
                .chain(() -> bundles.bundle(kind, id))
                .map(bundle -> Response.ok(bundle)
                        .header("Content-Disposition", "attachment; filename=\"evidence-" + kind.name + "-" + id + ".json\"")
                        .build());
    }

    private static String uuid(String value, String field) {
        try {
            return UUID.fromString(value).toString();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "must be a UUID");
        }
    }
}
