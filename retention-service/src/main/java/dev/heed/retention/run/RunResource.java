package dev.heed.retention.run;

import static dev.heed.platform.web.Roles.AUDITOR;
import static dev.heed.platform.web.Roles.PRIVACY_ADMIN;
import static dev.heed.platform.web.Roles.PRIVACY_OPERATOR;

import dev.heed.platform.web.InvalidInputException;
import dev.heed.retention.policy.PolicyRequest;
import dev.heed.retention.policy.PolicyResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Purge runs and the purge report. */
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "runs", description = "Purge runs and their report")
public class RunResource {

    private static final int MAX_LIMIT = 500;
    private static final Duration DEFAULT_SPAN = Duration.ofDays(30);

    private final PurgeRuns runs;
    private final Clock clock;

    RunResource(PurgeRuns runs, Clock clock) {
        this.runs = runs;
        this.clock = clock;
    }

    @GET
    @Path("{runId}")
    @RolesAllowed({PRIVACY_ADMIN, PRIVACY_OPERATOR, AUDITOR})
    @Operation(summary = "One run with each system's part")
    public Uni<RunView> get(@RestPath String runId) {
        UUID id = uuid(runId);
        return Panache.withSession(() -> runs.find(id)).map(run -> {
            if (run == null) {
                throw new NotFoundException("no purge run " + id);
            }
            return run;
        });
    }

    @GET
    @RolesAllowed({PRIVACY_ADMIN, PRIVACY_OPERATOR, AUDITOR})
    @Operation(summary = "The purge report: what was purged, when, by which policy, per system",
            description = "Runs started in [from, to) (ISO-8601 instants; default the last 30 days), optionally of "
                    + "one policy, newest first.")
    public Uni<List<RunView>> report(@RestQuery String policy, @RestQuery String from, @RestQuery String to,
            @RestQuery Integer limit) {
        String policyId = policy == null ? null : validPolicy(policy);
        Instant until = to == null ? clock.instant() : PolicyResource.instant(to, "to");
        Instant since = from == null ? until.minus(DEFAULT_SPAN) : PolicyResource.instant(from, "from");
        if (!since.isBefore(until)) {
            throw new InvalidInputException("from", "from must be before to");
        }
        int max = limit == null ? 100 : limit;
        if (max < 1 || max > MAX_LIMIT) {
            throw new InvalidInputException("limit", "limit must be 1-" + MAX_LIMIT);
        }
        return Panache.withSession(() -> runs.report(policyId, since, until, max));
    }

    private static String validPolicy(String policyId) {
        try {
            return PolicyRequest.validId(policyId);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("policy", e.getMessage().replaceFirst("^policyId", "policy"));
        }
    }

    private static UUID uuid(String runId) {
        try {
            return UUID.fromString(runId);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("runId", "runId must be a UUID");
        }
    }
}
