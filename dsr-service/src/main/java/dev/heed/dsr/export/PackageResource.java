package dev.heed.dsr.export;

import static dev.heed.platform.web.Roles.PRIVACY_ADMIN;
import static dev.heed.platform.web.Roles.PRIVACY_OPERATOR;

import dev.heed.platform.web.InvalidInputException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** An access or portability request's package, for operators. */
@Path("/api/v1/requests/{id}/package")
@Tag(name = "requests")
public class PackageResource {

    private final ExportPackages packages;
    private final SecurityIdentity identity;

    PackageResource(ExportPackages packages, SecurityIdentity identity) {
        this.packages = packages;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({PRIVACY_OPERATOR, PRIVACY_ADMIN})
    @Operation(summary = "Download the package of a completed access or portability request",
            description = "One JSON document: a manifest (per system: status, records, sha256, size, content type) "
                    + "and the parts. Each download is published as dev.heed.dsr.operator-action.v1 "
                    + "(package.downloaded) naming the operator. 404 without a package, 410 once it has expired.")
    public Uni<Response> download(@RestPath String id) {
        String operator = identity.getPrincipal().getName();
        String role = identity.hasRole(PRIVACY_ADMIN) ? PRIVACY_ADMIN : PRIVACY_OPERATOR;
        return packages.forOperator(uuid(id), operator, role)
                .map(found -> PublicPackageResource.attachment(found.orElseThrow(NotFoundException::new)));
    }

    private static UUID uuid(String id) {
        try {
            if (id.length() == 36) {
                return UUID.fromString(id);
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new InvalidInputException("id", "must be a request id (a UUID)");
    }
}
