package dev.heed.dsr.registry;

import static dev.heed.platform.web.Roles.PRIVACY_ADMIN;
import static dev.heed.platform.web.Roles.PRIVACY_OPERATOR;
import static dev.heed.platform.web.Roles.SYSTEM;

import dev.heed.platform.web.InvalidInputException;
import dev.heed.dsr.opendsr.vendor.OpenDsrVendorConfig;
import dev.heed.events.SystemId;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.json.JsonString;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/** The system registry (data map) over HTTP. */
@Path("/api/v1/systems")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "systems", description = "The registry of downstream systems that hold customer data")
public class SystemResource {

    private final SystemRegistry registry;
    private final JsonWebToken token;
    private final OpenDsrVendorConfig vendors;

    SystemResource(SystemRegistry registry, JsonWebToken token, OpenDsrVendorConfig vendors) {
        this.registry = registry;
        this.token = token;
        this.vendors = vendors;
    }

    @POST
    @RolesAllowed(PRIVACY_ADMIN)
    @Operation(summary = "Register a system, or update a registered one",
            description = "201 when the system is new, 200 when it was known. Announced on privacy.systems.v1;"
                    + " its two topics are created (unless heed.dsr.systems.topics.create is off).")
    @APIResponse(responseCode = "201", description = "Registered",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SystemResponse.class)))
    @APIResponse(responseCode = "200", description = "Updated",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SystemResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid input (problem+json)")
    public Uni<RestResponse<SystemResponse>> register(@Valid SystemRegistrationRequest request, UriInfo uriInfo) {
        if (request == null) {
            throw new InvalidInputException(null, "a JSON body is required");
        }
        return registry.register(request.toDefinition(vendors.allowHttp())).map(registration -> registration.created()
                ? RestResponse.ResponseBuilder.<SystemResponse>created(uriInfo.getAbsolutePathBuilder()
                        .path(registration.system().systemId()).build()).entity(registration.system()).build()
                : RestResponse.ok(registration.system()));
    }

    @PUT
    @Path("{systemId}/announcement")
    @RolesAllowed(SYSTEM)
    @Operation(summary = "A system announces itself with its own token (privacy-client does it at start-up)",
            description = "Registers an unknown system or updates what a known one announced; 201 when new, 200"
                    + " otherwise. Published on privacy.systems.v1 only when something changed. 403 when the token"
                    + " is another system's, 409 when the system is retired.")
    @APIResponse(responseCode = "201", description = "Registered by its announcement",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SystemResponse.class)))
    @APIResponse(responseCode = "200", description = "Updated",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SystemResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid input (problem+json)")
    @APIResponse(responseCode = "409", description = "The system is retired (problem+json)")
    public Uni<RestResponse<SystemResponse>> announce(@RestPath @Pattern(regexp = SystemId.REGEX) String systemId,
            @Valid SystemAnnouncementRequest request,
            UriInfo uriInfo) {
        if (!systemId.equals(tokenSystemId())) {
            throw new ForbiddenException("a system announces only itself");
        }
        if (request == null) {
            throw new InvalidInputException(null, "a JSON body is required");
        }
        SystemDefinition definition = request.toDefinition(systemId);
        return registry.announce(definition, request.clientVersion()).map(registration -> registration.created()
                ? RestResponse.ResponseBuilder.<SystemResponse>created(uriInfo.getBaseUriBuilder()
                        .path("api/v1/systems").path(systemId).build()).entity(registration.system()).build()
                : RestResponse.ok(registration.system()));
    }

    @GET
    @RolesAllowed({PRIVACY_ADMIN, PRIVACY_OPERATOR})
    @Operation(summary = "List every registered system, retired ones included")
    public Uni<List<SystemResponse>> list() {
        return registry.list();
    }

    @GET
    @Path("{systemId}")
    @RolesAllowed({PRIVACY_ADMIN, PRIVACY_OPERATOR})
    @Operation(summary = "One registered system")
    public Uni<SystemResponse> get(@RestPath @Pattern(regexp = SystemId.REGEX) String systemId) {
        return registry.find(systemId).map(system -> found(system, systemId));
    }

    @DELETE
    @Path("{systemId}")
    @RolesAllowed(PRIVACY_ADMIN)
    @Operation(summary = "Retire a system: it receives no new directives",
            description = "The system stays listed with status RETIRED; retiring it again changes nothing.")
    @APIResponse(responseCode = "204", description = "Retired")
    @APIResponse(responseCode = "404", description = "No such system (problem+json)")
    public Uni<RestResponse<Void>> retire(@RestPath @Pattern(regexp = SystemId.REGEX) String systemId) {
        return registry.retire(systemId).map(system -> {
            found(system, systemId);
            return RestResponse.noContent();
        });
    }

    private String tokenSystemId() {
        Object claim = token.getClaim("system_id");
        if (claim instanceof JsonString text) {
            return text.getString();
        }
        return claim == null ? null : claim.toString();
    }

    private static SystemResponse found(SystemResponse system, String systemId) {
        if (system == null) {
            throw new NotFoundException("no system " + systemId + " is registered");
        }
        return system;
    }
}
