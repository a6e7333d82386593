package dev.heed.dsr.request;

import static dev.heed.platform.web.Roles.AUDITOR;
import static dev.heed.platform.web.Roles.PRIVACY_ADMIN;
import static dev.heed.platform.web.Roles.PRIVACY_OPERATOR;

import dev.heed.platform.web.InvalidInputException;
import dev.heed.events.SystemId;
import dev.heed.events.dsr.RequestStatus;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/** Data-subject requests over HTTP, for operators. */
@Path("/api/v1/requests")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "requests", description = "Data-subject requests: filed, verified, sent to every system, completed")
public class RequestResource {

    private static final int MAX_LIST = 200;
    private static final int MAX_REASON = 1000;

    private final RequestFiling filing;
    private final RequestListing listing;
    private final RequestApproval approval;
    private final RequestCancellation cancellation;
    private final DeadlineExtensions extensions;
    private final ManualCompletions completions;
    private final SecurityIdentity identity;

    RequestResource(RequestFiling filing, RequestListing listing, RequestApproval approval,
            RequestCancellation cancellation, DeadlineExtensions extensions, ManualCompletions completions,
            SecurityIdentity identity) {
        this.filing = filing;
        this.listing = listing;
        this.approval = approval;
        this.cancellation = cancellation;
        this.extensions = extensions;
        this.completions = completions;
        this.identity = identity;
    }

    @POST
    @RolesAllowed({PRIVACY_OPERATOR, PRIVACY_ADMIN})
    @Operation(summary = "File a request for a customer whose identity the operator verified",
            description = "Received, verified by the operator and, unless its type needs approval, sent at once as a "
                    + "directive to every registered system that handles it; each step is an event on "
                    + "privacy.dsr.events.v1. 201 with the request; 200 with the open request of the same subject and "
                    + "type when there is one (nothing is sent twice).")
    @APIResponse(responseCode = "201", description = "Filed", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RequestResponse.class)))
    @APIResponse(responseCode = "200", description = "The open request of the same subject and type",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid input (problem+json)")
    public Uni<RestResponse<RequestResponse>> submit(@Valid RequestSubmission submission) {
        if (submission == null) {
            throw new InvalidInputException(null, "a JSON body is required");
        }
        RequestCommand command = submission.toCommand();
        return filing.submit(command, operator()).map(result -> RestResponse.status(
                result.created() ? RestResponse.Status.CREATED : RestResponse.Status.OK, result.request()));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({PRIVACY_OPERATOR, PRIVACY_ADMIN, AUDITOR})
    @Operation(summary = "A request with its directive and one task per system")
    public Uni<RequestResponse> find(@RestPath String id) {
        return listing.find(uuid(id)).map(RequestResource::found);
    }

    @GET
    @RolesAllowed({PRIVACY_OPERATOR, PRIVACY_ADMIN, AUDITOR})
    @Operation(summary = "Requests in a status, or the overdue ones (status=OVERDUE), at most 200")
    public Uni<List<RequestResponse>> list(
            @Parameter(description = "A request status, or OVERDUE for open requests past their deadline")
            @RestQuery String status) {
        if (status == null) {
            return listing.list(Optional.empty(), false, MAX_LIST);
        }
        if (status.equals("OVERDUE")) {
            return listing.list(Optional.empty(), true, MAX_LIST);
        }
        try {
            return listing.list(Optional.of(RequestStatus.valueOf(status)), false, MAX_LIST);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("status", "must be a request status or OVERDUE");
        }
    }

    @POST
    @Path("{id}/approval")
    @RolesAllowed({PRIVACY_OPERATOR, PRIVACY_ADMIN})
    @Operation(summary = "Approve a verified request that needs approval; it is then sent to the systems",
            description = "Not by the operator who filed it. 409 when the request is not waiting for approval.")
    public Uni<RequestResponse> approve(@RestPath String id) {
        return approval.approve(uuid(id), operator(), role()).map(RequestResource::found);
    }

    @POST
    @Path("{id}/cancellation")
    @RolesAllowed({PRIVACY_OPERATOR, PRIVACY_ADMIN})
    @Operation(summary = "Cancel a request that has not been sent to the systems", description = "409 otherwise.")
    public Uni<RequestResponse> cancel(@RestPath String id, @Valid Reason reason) {
        return cancellation.cancel(uuid(id), operator(), role(), text(reason)).map(RequestResource::found);
    }

    @POST
    @Path("{id}/extension")
    @RolesAllowed({PRIVACY_OPERATOR, PRIVACY_ADMIN})
    @Operation(summary = "Extend the deadline as far as the regulation allows, once, with a reason")
    public Uni<RequestResponse> extend(@RestPath String id, @Valid Reason reason) {
        return extensions.extend(uuid(id), operator(), role(), text(reason)).map(RequestResource::found);
    }

    @POST
    @Path("{id}/tasks/{systemId}/completion")
    @RolesAllowed({PRIVACY_OPERATOR, PRIVACY_ADMIN})
    @Operation(summary = "Answer for a system handled by hand: its task is DONE or NOT_APPLICABLE, with a note",
            description = "The task settles exactly as if the system had acknowledged (a later acknowledgement changes "
                    + "nothing); the request completes when it was the last one. Published as an operator action "
                    + "naming the operator and the system. 404 for an unknown request or task, 409 once the task "
                    + "has an answer.")
    public Uni<RequestResponse> completeTask(@RestPath String id,
            @RestPath @Pattern(regexp = SystemId.REGEX, message = "must be a system id") String systemId,
            @Valid TaskCompletion completion) {
        UUID requestId = uuid(id);
        if (completion == null) {
            throw new InvalidInputException(null, "a JSON body is required");
        }
        return completions.complete(requestId, systemId, completion.answer(), operator(), role())
                .map(RequestResource::found);
    }

    /** Why an operator cancels or extends; it travels in the operator-action event. */
    public record Reason(@NotBlank @Size(max = MAX_REASON) String reason) {
    }

    private String operator() {
        return identity.getPrincipal().getName();
    }

    private String role() {
        return identity.hasRole(PRIVACY_ADMIN) ? PRIVACY_ADMIN : PRIVACY_OPERATOR;
    }

    private static RequestResponse found(Optional<RequestResponse> request) {
        return request.orElseThrow(() -> new RequestNotFoundException("no such request"));
    }

    private static String text(Reason reason) {
        if (reason == null) {
            throw new InvalidInputException("reason", "is required");
        }
        return reason.reason().strip();
    }

    /** A request id from a path, or a 400 naming it. */
    static UUID uuid(String id) {
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
