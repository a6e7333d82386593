package dev.heed.retention.hold;

import static dev.heed.platform.web.Roles.AUDITOR;
import static dev.heed.platform.web.Roles.PRIVACY_ADMIN;
import static dev.heed.platform.web.Roles.PRIVACY_OPERATOR;

import dev.heed.platform.web.InvalidInputException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
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
    public Uni<RestResponse<HoldView>> place(HoldPlacement placement, UriInfo uriInfo) {
        if (placement == null) {
            throw new InvalidInputException(null, "a JSON body is required");
        }
        return holds.place(placement, identity.getPrincipal().getName(), PRIVACY_ADMIN)
                .map(hold -> RestResponse.ResponseBuilder.<HoldView>created(uriInfo.getAbsolutePathBuilder()
                        .path(hold.id().toString()).build()).entity(hold).build());
    }

    @GET
    @RolesAllowed({PRIVACY_ADMIN, PRIVACY_OPERATOR, AUDITOR})
    @Operation(summary = "Holds, newest first (at most 500)",
            description = "active=true|false filters by state; reviewOverdue=true lists the active holds whose "
                    + "review date has passed.")
    public Uni<List<HoldView>> list(@RestQuery String active, @RestQuery String reviewOverdue) {
        return holds.list(Optional.ofNullable(flag(active, "active")),
                Boolean.TRUE.equals(flag(reviewOverdue, "reviewOverdue")), MAX_LIST);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({PRIVACY_ADMIN, PRIVACY_OPERATOR, AUDITOR})
    @Operation(summary = "One hold")
    public Uni<HoldView> get(@RestPath String id) {
        return holds.find(uuid(id)).map(hold -> hold.orElseThrow(NotFoundException::new));
    }

    @POST
    @Path("{id}/release")
    @RolesAllowed(PRIVACY_ADMIN)
    @Operation(summary = "Release an active hold, with a reason",
            description = "Tombstones it on privacy.legal-holds.v1 and publishes dev.heed.retention.hold-released.v1 "
                    + "naming the actor. 409 when it was released already.")
    public Uni<HoldView> release(@RestPath String id, Release release) {
        UUID holdId = uuid(id);
        String reason = reason(release);
        return holds.release(holdId, reason, identity.getPrincipal().getName())
                .map(hold -> hold.orElseThrow(NotFoundException::new));
    }

    /** Why a hold is released; it travels in the release event. */
    public record Release(String reason) {
    }

    private static String reason(Release release) {
        if (release == null || release.reason() == null || release.reason().isBlank()) {
            throw new InvalidInputException("reason", "is required and must not be blank");
        }
        if (release.reason().strip().length() > HoldPlacement.MAX_REASON) {
            throw new InvalidInputException("reason", "must be at most " + HoldPlacement.MAX_REASON + " characters");
        }
        return release.reason().strip();
    }

    private static Boolean flag(String value, String field) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInputException(field, "must be true or false");
        };
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("id", "must be a UUID");
        }
    }
}
