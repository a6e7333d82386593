package dev.heed.retention.consent;

import static dev.heed.platform.web.Roles.AUDITOR;
import static dev.heed.platform.web.Roles.PRIVACY_ADMIN;
import static dev.heed.platform.web.Roles.PRIVACY_OPERATOR;

import dev.heed.retention.Inputs;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.hibernate.validator.constraints.Range;
import org.jboss.resteasy.reactive.RestQuery;

/** Subject-level purges scheduled by consent withdrawals: subject keys only, never a customer id. */
@Path("/api/v1/consent-purges")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "consent-purges", description = "Purges scheduled by consent withdrawals")
public class ConsentPurgeResource {

    private static final int MAX_LIMIT = 500;

    private final ConsentPurges purges;

    ConsentPurgeResource(ConsentPurges purges) {
        this.purges = purges;
    }

    @GET
    @RolesAllowed({PRIVACY_ADMIN, PRIVACY_OPERATOR, AUDITOR})
    @Operation(summary = "Subject-level purges: what is scheduled, due when, by which policy",
            description = "Optionally in one status (scheduled, issued, cancelled); latest due first.")
    public Uni<List<ConsentPurgeResponse>> list(
            @RestQuery @Pattern(regexp = "(?i)scheduled|issued|cancelled",
                    message = "must be scheduled, issued or cancelled") String status,
            @RestQuery @Pattern(regexp = Inputs.WHOLE_NUMBER, message = Inputs.WHOLE_NUMBER_RULE)
            @Range(min = 1, max = MAX_LIMIT, message = "must be 1-" + MAX_LIMIT) String limit) {
        return purges.list(status == null ? null : ConsentPurgeStatus.valueOf(status.toUpperCase(Locale.ROOT)),
                limit == null ? 100 : Integer.parseInt(limit));
    }
}
