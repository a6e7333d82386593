package dev.heed.retention.run;

import static dev.heed.platform.web.Roles.PRIVACY_ADMIN;
import static dev.heed.platform.web.Roles.PRIVACY_OPERATOR;

import dev.heed.platform.outbox.EventOutbox;
import dev.heed.events.Application;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.operator.OperatorAction;
import dev.heed.retention.Inputs;
import dev.heed.retention.policy.RetentionPolicies;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/** Starting a policy's purge run on demand. */
@Path("/api/v1/policies/{policyId}/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "runs", description = "Purge runs and their report")
public class PolicyRunResource {

    private final RetentionPolicies policies;
    private final PurgeRunStarter runs;
    private final EventOutbox outbox;
    private final SecurityIdentity identity;
    private final Clock clock;

    PolicyRunResource(RetentionPolicies policies, PurgeRunStarter runs, EventOutbox outbox, SecurityIdentity identity,
            Clock clock) {
        this.policies = policies;
        this.runs = runs;
        this.outbox = outbox;
        this.identity = identity;
        this.clock = clock;
    }

    @POST
    @RolesAllowed({PRIVACY_ADMIN, PRIVACY_OPERATOR})
    @Operation(summary = "Run the policy now",
            description = "201 with a new run of the version in force for the current window: one PURGE directive "
                    + "per registered system holding the category. 200 with the existing run when this version's "
                    + "run for the window was already started (nothing is issued twice).")
    @APIResponse(responseCode = "201", description = "A new run",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunResponse.class)))
    @APIResponse(responseCode = "200", description = "The run already started for this version and window",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RunResponse.class)))
    @APIResponse(responseCode = "404", description = "No policy in force with this id (problem+json)")
    public Uni<RestResponse<RunResponse>> start(
            @RestPath @Pattern(regexp = Inputs.IDENTIFIER, message = Inputs.IDENTIFIER_RULE) String policyId) {
        String actor = identity.getPrincipal().getName();
        return Panache.withTransaction(() -> policies.inForceIn(policyId, clock.instant()).chain(policy -> {
            if (policy == null) {
                throw new NotFoundException("no policy " + policyId + " is in force");
            }
            return runs.start(policy, RunTrigger.ON_DEMAND, actor)
                    .call(started -> started.created() ? recordAction(started.run(), actor) : Uni.createFrom().voidItem());
        })).map(started -> started.created()
                ? RestResponse.ResponseBuilder.<RunResponse>created(URI.create("/api/v1/runs/" + started.run().id()))
                        .entity(started.run()).build()
                : RestResponse.ok(started.run()));
    }

    /** The audit log names who started a run. */
    private Uni<Void> recordAction(RunResponse run, String actor) {
        String role = identity.hasRole(PRIVACY_ADMIN) ? PRIVACY_ADMIN : PRIVACY_OPERATOR;
        Instant now = run.startedAt();
        OperatorAction action = new OperatorAction(UUID.randomUUID(), actor, role, "purge-run.started",
                run.policyId(), null, "run " + run.id() + " of version " + run.policyVersion(), now);
        return outbox.append(Topics.RETENTION_EVENTS, HeedEvent.of(EventType.RETENTION_OPERATOR_ACTION,
                Application.RETENTION_SERVICE.source(), now, action));
    }
}
