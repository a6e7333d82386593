package dev.heed.retention.hold;

import static dev.heed.platform.web.Roles.AUDITOR;
import static dev.heed.platform.web.Roles.PRIVACY_ADMIN;
import static dev.heed.platform.web.Roles.PRIVACY_OPERATOR;

import dev.heed.platform.web.InvalidInputException;
import dev.heed.retention.Inputs;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Legal holds over HTTP. Placing and releasing one is for {@code privacy-admin} only: a hold
 * suspends erasure rights and retention rules, a legal decision like a policy change, not part of
 * running requests. Operators and auditors read them.
 */
@Path("/api/v1/holds")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "holds", description = "Legal holds: data that must be neither erased nor purged")
public class HoldResource {

    static final int MAX_LIST = 500;
    private static final String FLAG = "true|false";
    private static final String FLAG_RULE = "must be true or false";

    private final LegalHolds holds;
    private final SecurityIdentity identity;

    HoldResource(LegalHolds holds, SecurityIdentity identity) {
        this.holds = holds;
        this.identity = identity;
    }

    @POST
    @RolesAllowed(PRIVACY_ADMIN)
    @Operation(summary = "Place a legal hold on a subject, a case covering several subjects, or data categories",
            description = "Published on privacy.legal-holds.v1 (subject keys only) and, naming the actor, as a "
                    + "dev.heed.retention.operator-action.v1 (hold.placed) on privacy.retention.events.v1.")
    @APIResponse(responseCode = "201", description = "Placed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HoldResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid input (problem+json)")
    public Uni<RestResponse<HoldResponse>> place(@Valid HoldPlacement placement, UriInfo uriInfo) {
        if (placement == null) {
            throw new InvalidInputException(null, "a JSON body is required");
        }
        return holds.place(placement, identity.getPrincipal().getName(), PRIVACY_ADMIN)
                .map(hold -> RestResponse.ResponseBuilder.<HoldResponse>created(uriInfo.getAbsolutePathBuilder()
                        .path(hold.id().toString()).build()).entity(hold).build());
    }

    @GET
    @RolesAllowed({PRIVACY_ADMIN, PRIVACY_OPERATOR, AUDITOR})
    @Operation(summary = "Holds, newest first (at most 500)",
            description = "active=true|false filters by state; reviewOverdue=true lists the active holds whose "
                    + "review date has passed.")
    public Uni<List<HoldResponse>> list(@RestQuery @Pattern(regexp = FLAG, message = FLAG_RULE) String active,
            @RestQuery @Pattern(regexp = FLAG, message = FLAG_RULE) String reviewOverdue) {
        return holds.list(Optional.ofNullable(active).map(Boolean::parseBoolean), Boolean.parseBoolean(reviewOverdue),
                MAX_LIST);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({PRIVACY_ADMIN, PRIVACY_OPERATOR, AUDITOR})
    @Operation(summary = "One hold")
    public Uni<HoldResponse> get(@RestPath @Pattern(regexp = Inputs.UUID, message = Inputs.UUID_RULE) String id) {
        return holds.find(UUID.fromString(id)).map(hold -> hold.orElseThrow(NotFoundException::new));
    }

    @POST
    @Path("{id}/release")
    @RolesAllowed(PRIVACY_ADMIN)
    @Operation(summary = "Release an active hold, with a reason",
            description = "Tombstones it on privacy.legal-holds.v1 and publishes dev.heed.retention.hold-released.v1 "
                    + "naming the actor. 409 when it was released already.")
    @APIResponse(responseCode = "200", description = "Released",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = HoldResponse.class)))
    @APIResponse(responseCode = "400", description = "Not a hold id, or no reason (problem+json)")
    @APIResponse(responseCode = "404", description = "No such hold (problem+json)")
    @APIResponse(responseCode = "409", description = "Released already (problem+json)")
    public Uni<HoldResponse> release(@RestPath @Pattern(regexp = Inputs.UUID, message = Inputs.UUID_RULE) String id,
            @Valid Release release) {
        if (release == null) {
            throw new InvalidInputException("reason", HoldPlacement.REQUIRED_TEXT);
        }
        return holds.release(UUID.fromString(id), release.reason().strip(), identity.getPrincipal().getName())
                .map(hold -> hold.orElseThrow(NotFoundException::new));
    }

    /** Why a hold is released; it travels in the release event. */
    public record Release(
            @NotBlank(message = HoldPlacement.REQUIRED_TEXT)
            @Size(max = HoldPlacement.MAX_REASON, message = "must be at most " + HoldPlacement.MAX_REASON + " characters")
            String reason) {
    }
}
