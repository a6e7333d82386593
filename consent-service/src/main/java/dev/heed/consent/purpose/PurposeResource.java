package dev.heed.consent.purpose;

import static dev.heed.platform.web.Roles.AUDITOR;
import static dev.heed.platform.web.Roles.PRIVACY_ADMIN;
import static dev.heed.platform.web.Roles.PRIVACY_OPERATOR;
import static dev.heed.platform.web.Roles.SUPPORT_AGENT;
import static dev.heed.platform.web.Roles.SYSTEM;

import dev.heed.platform.web.InvalidInputException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/** The purpose catalogue over HTTP. */
@Path("/api/v1/purposes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "purposes", description = "The versioned catalogue of processing purposes")
public class PurposeResource {

    private final PurposeCatalogue catalogue;
    private final SecurityIdentity identity;

    PurposeResource(PurposeCatalogue catalogue, SecurityIdentity identity) {
        this.catalogue = catalogue;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(PRIVACY_ADMIN)
    @Operation(summary = "Create a purpose, or publish a new version of a known one",
            description = "201 when the purpose is new; 200 with the new version when its text, legal basis or "
                    + "data categories changed; 200 with the latest version, and nothing published, when nothing "
                    + "changed. Each new version is announced on privacy.purposes.v1.")
    @APIResponse(responseCode = "201", description = "A new purpose",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PurposeResponse.class)))
    @APIResponse(responseCode = "200", description = "A new version of a known purpose, or the same version again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PurposeResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid input (problem+json)")
    public Uni<RestResponse<PurposeResponse>> publish(@Valid PurposeRequest request, UriInfo uriInfo) {
        if (request == null) {
            throw new InvalidInputException(null, "a JSON body is required");
        }
        return catalogue.publish(request.toDefinition(), identity.getPrincipal().getName())
                .map(publication -> publication.created()
                        ? RestResponse.ResponseBuilder.<PurposeResponse>created(uriInfo.getAbsolutePathBuilder()
                                .path(publication.purpose().purposeId()).build()).entity(publication.purpose()).build()
                        : RestResponse.ok(publication.purpose()));
    }

    @GET
    @RolesAllowed({PRIVACY_ADMIN, PRIVACY_OPERATOR, SUPPORT_AGENT, SYSTEM, AUDITOR})
    @Operation(summary = "The latest version of every purpose")
    public Uni<List<PurposeResponse>> list() {
        return catalogue.list();
    }

    @GET
    @Path("{purposeId}")
    @RolesAllowed({PRIVACY_ADMIN, PRIVACY_OPERATOR, SUPPORT_AGENT, SYSTEM, AUDITOR})
    @Operation(summary = "The latest version of one purpose")
    public Uni<PurposeResponse> get(@RestPath @Pattern(regexp = PurposeRequest.IDENTIFIER,
            message = PurposeRequest.IDENTIFIER_RULE) @Pattern(regexp = PurposeRequest.NOT_RESERVED,
            message = PurposeRequest.RESERVED) String purposeId) {
        return catalogue.find(purposeId).map(purpose -> {
            if (purpose == null) {
                throw notFound(purposeId);
            }
            return purpose;
        });
    }

    @GET
    @Path("{purposeId}/versions")
    @RolesAllowed({PRIVACY_ADMIN, PRIVACY_OPERATOR, SUPPORT_AGENT, SYSTEM, AUDITOR})
    @Operation(summary = "Every version of one purpose, oldest first")
    public Uni<List<PurposeResponse>> versions(@RestPath @Pattern(regexp = PurposeRequest.IDENTIFIER,
            message = PurposeRequest.IDENTIFIER_RULE) @Pattern(regexp = PurposeRequest.NOT_RESERVED,
            message = PurposeRequest.RESERVED) String purposeId) {
        return catalogue.versions(purposeId).map(versions -> {
            if (versions.isEmpty()) {
                throw notFound(purposeId);
            }
            return versions;
        });
    }

    private static NotFoundException notFound(String purposeId) {
        return new NotFoundException("no purpose " + purposeId + " is known");
    }
}
