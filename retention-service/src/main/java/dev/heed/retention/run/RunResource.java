package dev.heed.retention.run;

import static dev.heed.platform.web.Roles.AUDITOR;
import static dev.heed.platform.web.Roles.PRIVACY_ADMIN;
import static dev.heed.platform.web.Roles.PRIVACY_OPERATOR;

import dev.heed.platform.web.InvalidInputException;
import dev.heed.retention.Inputs;
import dev.heed.retention.policy.PolicyResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
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
import org.hibernate.validator.constraints.Range;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Purge runs and the purge report. */
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "runs", description = "Purge runs and their report")
public class RunResource {

    private static final int MAX_LIMIT = 500;
    private static final Duration DEFAULT_SPAN = Duration.ofDays(30);

    private final PurgeRunReport report;
    private final Clock clock;

    RunResource(PurgeRunReport report, Clock clock) {
        this.report = report;
        this.clock = clock;
    }

    @GET
    @Path("{runId}")
    @RolesAllowed({PRIVACY_ADMIN, PRIVACY_OPERATOR, AUDITOR})
    @Operation(summary = "One run with each system's part")
    public Uni<RunResponse> get(@RestPath @Pattern(regexp = Inputs.UUID, message = Inputs.UUID_RULE) String runId) {
        UUID id = UUID.fromString(runId);
        return Panache.withSession(() -> report.find(id)).map(run -> {
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
    public Uni<List<RunResponse>> report(
            @RestQuery @Pattern(regexp = Inputs.IDENTIFIER, message = Inputs.IDENTIFIER_RULE) String policy,
            @RestQuery String from, @RestQuery String to,
            @RestQuery @Pattern(regexp = Inputs.WHOLE_NUMBER, message = Inputs.WHOLE_NUMBER_RULE)
            @Range(min = 1, max = MAX_LIMIT, message = "must be 1-" + MAX_LIMIT) String limit) {
        Instant until = to == null ? clock.instant() : PolicyResource.instant(to, "to");
        Instant since = from == null ? until.minus(DEFAULT_SPAN) : PolicyResource.instant(from, "from");
        if (!since.isBefore(until)) {
            throw new InvalidInputException("from", "from must be before to");
        }
        int max = limit == null ? 100 : Integer.parseInt(limit);
        return Panache.withSession(() -> report.report(policy, since, until, max));
    }
}
