package dev.heed.retention.policy;

import static dev.heed.platform.web.Roles.AUDITOR;
import static dev.heed.platform.web.Roles.PRIVACY_ADMIN;
import static dev.heed.platform.web.Roles.PRIVACY_OPERATOR;

import dev.heed.platform.web.InvalidInputException;
import dev.heed.retention.Inputs;
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
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/** Retention policies over HTTP. */
@Path("/api/v1/policies")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "policies", description = "Versioned retention policies per data category")
public class PolicyResource {

    private final RetentionPolicies policies;
    private final SecurityIdentity identity;
    private final Clock clock;

    PolicyResource(RetentionPolicies policies, SecurityIdentity identity, Clock clock) {
        this.policies = policies;
        this.identity = identity;
        this.clock = clock;
    }

    @POST
    @RolesAllowed(PRIVACY_ADMIN)
    @Operation(summary = "Create a policy, or make a new version of a known one",
            description = "201 when the policy is new; 200 with the new version when its rule changed (reason "
                    + "required); 200 with the latest version, and nothing published, when nothing changed. Each new "
                    + "version is announced on privacy.retention.events.v1 naming who changed it and why.")
    @APIResponse(responseCode = "201", description = "A new policy",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyResponse.class)))
    @APIResponse(responseCode = "200", description = "A new version of a known policy, or the same version again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid input (problem+json)")
    public Uni<RestResponse<PolicyResponse>> change(
            @Valid PolicyRequest request, UriInfo uriInfo) {
        if (request == null) {
            throw new InvalidInputException(null, "a JSON body is required");
        }
        return policies.change(request, identity.getPrincipal().getName())
                .map(change -> change.created()
                        ? RestResponse.ResponseBuilder.<PolicyResponse>created(uriInfo.getAbsolutePathBuilder()
                                .path(change.policy().policyId()).build()).entity(change.policy()).build()
                        : RestResponse.ok(change.policy()));
    }

    @GET
    @RolesAllowed({PRIVACY_ADMIN, PRIVACY_OPERATOR, AUDITOR})
    @Operation(summary = "The latest version of every policy")
    public Uni<List<PolicyResponse>> list() {
        return policies.list();
    }

    @GET
    @Path("{policyId}")
    @RolesAllowed({PRIVACY_ADMIN, PRIVACY_OPERATOR, AUDITOR})
    @Operation(summary = "The version in force now, or at the instant given as ?at= (ISO-8601)")
    public Uni<PolicyResponse> get(@RestPath @Pattern(regexp = Inputs.IDENTIFIER, message = Inputs.IDENTIFIER_RULE)
            String policyId, @RestQuery String at) {
        Instant when = at == null ? clock.instant() : instant(at, "at");
        return policies.inForce(policyId, when).map(policy -> {
            if (policy == null) {
                throw new NotFoundException("no version of policy " + policyId + " was in force at " + when);
            }
            return policy;
        });
    }

    @GET
    @Path("{policyId}/versions")
    @RolesAllowed({PRIVACY_ADMIN, PRIVACY_OPERATOR, AUDITOR})
    @Operation(summary = "Every version of one policy, oldest first, each with who made it and why")
    public Uni<List<PolicyResponse>> versions(
            @RestPath @Pattern(regexp = Inputs.IDENTIFIER, message = Inputs.IDENTIFIER_RULE) String policyId) {
        return policies.versions(policyId).map(versions -> {
            if (versions.isEmpty()) {
                throw new NotFoundException("no policy " + policyId + " is known");
            }
            return versions;
        });
    }

    /** An ISO-8601 instant from a query parameter, or a 400 naming it. */
    public static Instant instant(String value, String field) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, field + " must be an ISO-8601 instant, e.g. 2026-01-31T00:00:00Z");
        }
    }
}
