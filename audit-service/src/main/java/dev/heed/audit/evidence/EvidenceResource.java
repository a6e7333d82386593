package dev.heed.audit.evidence;

import static dev.heed.platform.web.Roles.AUDITOR;
import static dev.heed.platform.web.Roles.PRIVACY_ADMIN;

import dev.heed.audit.evidence.EvidenceBundles.Kind;
import dev.heed.audit.query.AuditQuery;
import dev.heed.audit.query.QueryLog;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
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
    public Uni<Response> request(
            @RestPath @Pattern(regexp = AuditQuery.UUID_FORM, message = AuditQuery.UUID_RULE) String requestId) {
        return download(Kind.REQUEST, AuditQuery.canonical(requestId));
    }

    @GET
    @Path("withdrawals/{withdrawalId}")
    @Operation(summary = "Evidence bundle of a consent withdrawal",
            description = "The withdrawal is known by the decisionId of its dev.heed.consent.withdrawn.v1 event, which "
                    + "its STOP_PROCESSING directives carry as their reference. Otherwise as for a request.")
    public Uni<Response> withdrawal(
            @RestPath @Pattern(regexp = AuditQuery.UUID_FORM, message = AuditQuery.UUID_RULE) String withdrawalId) {
        return download(Kind.WITHDRAWAL, AuditQuery.canonical(withdrawalId));
    }

    private Uni<Response> download(Kind kind, String id) {
        return log.record(identity.getPrincipal().getName(), identity.getRoles(), "evidence-bundle", null,
                        Map.of("about", kind.name, "requestId", id))
                .chain(() -> bundles.bundle(kind, id))
                .map(bundle -> Response.ok(bundle)
                        .header("Content-Disposition", "attachment; filename=\"evidence-" + kind.name + "-" + id + ".json\"")
                        .build());
    }
}
