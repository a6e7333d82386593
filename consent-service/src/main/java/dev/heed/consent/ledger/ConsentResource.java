package dev.heed.consent.ledger;

import static dev.heed.platform.web.Roles.PRIVACY_ADMIN;
import static dev.heed.platform.web.Roles.PRIVACY_OPERATOR;
import static dev.heed.platform.web.Roles.SUPPORT_AGENT;

import dev.heed.platform.web.InvalidInputException;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/** The consent ledger over HTTP: recording decisions, and a subject's state and history. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "consents", description = "The append-only consent ledger")
public class ConsentResource {

    private final ConsentLedger ledger;
    private final SecurityIdentity identity;
    private final Clock clock;

    ConsentResource(ConsentLedger ledger, SecurityIdentity identity, Clock clock) {
        this.ledger = ledger;
        this.identity = identity;
        this.clock = clock;
    }

    @POST
    @Path("consents")
    @RolesAllowed({SUPPORT_AGENT, PRIVACY_ADMIN})
    @Operation(summary = "Record a consent decision",
            description = "Appends the decision to the ledger against the purpose's latest version and publishes "
                    + "dev.heed.consent.<granted|denied|withdrawn>.v1 on privacy.consent.events.v1 and the new state "
                    + "on privacy.consent.state.v1, in one transaction. The response's version is the decision's "
                    + "ledger sequence. An unknown purpose is refused with 400 and nothing is written. A decision that "
                    + "stops processing (withdrawal, opt-out, objection) also issues a STOP_PROCESSING directive to the "
                    + "systems registered for the purpose (503 while the registry view catches up). For a subject erased "
                    + "by a data-subject request a grant is refused with 409, and other decisions publish no state.")
    @APIResponse(responseCode = "201", description = "Recorded",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DecisionResponse.class)))
    @APIResponse(responseCode = "400", description = "Invalid input (problem+json)")
    public Uni<RestResponse<DecisionResponse>> record(@Valid DecisionRequest request) {
        if (request == null) {
            throw new InvalidInputException(null, "a JSON body is required");
        }
        boolean agent = identity.hasRole(SUPPORT_AGENT) && !identity.hasRole(PRIVACY_ADMIN);
        DecisionCommand command = request.toCommand(identity.getPrincipal().getName(), agent, clock.instant());
        return ledger.record(command).map(decision -> RestResponse.status(RestResponse.Status.CREATED, decision));
    }

    @GET
    @Path("subjects/{customerId}/consents")
    @RolesAllowed({SUPPORT_AGENT, PRIVACY_ADMIN, PRIVACY_OPERATOR})
    @Operation(summary = "A subject's current decision per purpose",
            description = "The latest ledger decision per purpose; a grant whose expiry has passed reads EXPIRED. "
                    + "With at, the state as it was at that instant.")
    public Uni<SubjectConsents> current(@RestPath @NotBlank(message = DecisionRequest.CUSTOMER_ID_REQUIRED)
            @Size(max = DecisionRequest.MAX_CUSTOMER_ID, message = DecisionRequest.CUSTOMER_ID_TOO_LONG) String customerId,
            @Parameter(description = "An ISO-8601 instant, e.g. 2026-03-03T00:00:00Z") @RestQuery String at) {
        return at == null ? ledger.current(customerId) : ledger.at(customerId, instant(at));
    }

    @GET
    @Path("subjects/{customerId}/consents/history")
    @RolesAllowed({SUPPORT_AGENT, PRIVACY_ADMIN, PRIVACY_OPERATOR})
    @Operation(summary = "A subject's full consent history, or its state at a past instant",
            description = "Without at: every decision, oldest first (a SubjectHistory). With at: the decision per "
                    + "purpose as it was at that instant, the latest recorded at or before it (a SubjectConsents).")
    public Uni<Object> history(@RestPath @NotBlank(message = DecisionRequest.CUSTOMER_ID_REQUIRED)
            @Size(max = DecisionRequest.MAX_CUSTOMER_ID, message = DecisionRequest.CUSTOMER_ID_TOO_LONG) String customerId,
            @Parameter(description = "An ISO-8601 instant, e.g. 2026-03-03T00:00:00Z") @RestQuery String at) {
        if (at != null) {
            Instant instant = instant(at);
            return ledger.at(customerId, instant).map(state -> state);
        }
        return ledger.history(customerId).map(history -> history);
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("at", "must be an ISO-8601 instant, e.g. 2026-03-03T00:00:00Z");
        }
    }
}
