package dev.heed.consent.check;

import static dev.heed.platform.web.Roles.PRIVACY_ADMIN;
import static dev.heed.platform.web.Roles.SUPPORT_AGENT;
import static dev.heed.platform.web.Roles.SYSTEM;

import dev.heed.consent.ledger.DecisionRequest;
import dev.heed.platform.web.InvalidInputException;
import dev.heed.platform.web.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The consent check over HTTP, one (subject, purpose) or a batch. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "consent checks", description = "Is processing for a purpose allowed now?")
public class ConsentCheckResource {

    private final ConsentCheck check;

    ConsentCheckResource(ConsentCheck check) {
        this.check = check;
    }

    @GET
    @Path("subjects/{customerId}/consents/{purposeId}")
    @RolesAllowed({SUPPORT_AGENT, PRIVACY_ADMIN, SYSTEM})
    @Operation(summary = "Check whether processing for a purpose is allowed now",
            description = "Answered from this replica's cache when it holds the subject, else from the ledger. "
                    + "Expiry and renewal are evaluated now. With version (a token a write returned), the answer "
                    + "reflects that write or a later one. 404 when the purpose is not in the catalogue.")
    public Uni<CheckResult> check(
            @RestPath @NotBlank(message = DecisionRequest.CUSTOMER_ID_REQUIRED)
            @Size(max = DecisionRequest.MAX_CUSTOMER_ID, message = DecisionRequest.CUSTOMER_ID_TOO_LONG)
            String customerId,
            @RestPath @NotNull(message = DecisionRequest.PURPOSE_ID_RULE)
            @Pattern(regexp = DecisionRequest.PURPOSE_ID, message = DecisionRequest.PURPOSE_ID_RULE) String purposeId,
            @Parameter(description = "A version token a write returned")
            @RestQuery @Pattern(regexp = "[0-9]{1,18}", message = ConsentCheckRequest.VERSION_RULE) String version) {
        return check.check(List.of(new CheckQuery(customerId, purposeId)), version == null ? null : Long.valueOf(version))
                .map(results -> results.get(0));
    }

    @POST
    @Path("consent-checks")
    @RolesAllowed({SUPPORT_AGENT, PRIVACY_ADMIN, SYSTEM})
    @Operation(summary = "Check many (subject, purpose) pairs at once",
            description = "Up to 500 checks, answered in order, with one ledger query for all cache misses. "
                    + "A purpose that is not in the catalogue is refused with 400 naming the check.")
    public Uni<CheckResults> checkAll(@Valid ConsentCheckRequest request) {
        if (request == null) {
            throw new InvalidInputException(null, "a JSON body is required");
        }
        List<CheckQuery> queries = request.queries();
        return check.check(queries, request.version()).map(CheckResults::new)
                .onFailure(UnknownPurposeException.class).transform(e -> new InvalidInputException(
                        "checks[" + ((UnknownPurposeException) e).index + "].purposeId",
                        "is not a purpose of the catalogue"));
    }

    @ServerExceptionMapper
    public Response unknownPurpose(UnknownPurposeException e) {
        return Problem.of("unknown-purpose", "Unknown purpose", 404, "purposeId is not a purpose of the catalogue")
                .occurrence().response();
    }

    /** The answers of a batch, in the order of its checks. */
    public record CheckResults(List<CheckResult> results) {
    }
}
