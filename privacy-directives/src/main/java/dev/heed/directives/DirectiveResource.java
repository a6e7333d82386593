package dev.heed.directives;

import dev.heed.platform.web.InvalidInputException;
import static dev.heed.platform.web.Roles.AUDITOR;
import static dev.heed.platform.web.Roles.PRIVACY_ADMIN;
import static dev.heed.platform.web.Roles.PRIVACY_OPERATOR;

import dev.heed.directives.DirectiveQueries.DirectiveSummary;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Operators' read access to this service's directives and each recipient's task. */
@Path("/api/v1/directives")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({PRIVACY_ADMIN, PRIVACY_OPERATOR, AUDITOR})
class DirectiveResource {

    static final int MAX_LIMIT = 200;

    private final DirectiveQueries queries;

    DirectiveResource(DirectiveQueries queries) {
        this.queries = queries;
    }

    @GET
    @Path("/{id}")
    public Uni<Directive> directive(@PathParam("id") String id) {
        UUID directiveId = uuid(id);
        return queries.find(directiveId)
                .map(found -> found.orElseThrow(NotFoundException::new));
    }

    /** Newest first. {@code state}: issued, completed or partially_completed (any case). */
    @GET
    public Uni<List<DirectiveSummary>> directives(@QueryParam("state") String state,
            @QueryParam("limit") String limit) {
        return queries.list(state(state), limit(limit));
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("id", "must be a UUID");
        }
    }

    private static DirectiveState state(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return DirectiveState.valueOf(state.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("state", "must be one of issued, completed, partially_completed");
        }
    }

    private static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return 50;
        }
        try {
            int value = Integer.parseInt(limit.trim());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }
}
