package dev.heed.consent.propagation;

import static dev.heed.platform.web.Roles.AUDITOR;
import static dev.heed.platform.web.Roles.PRIVACY_ADMIN;
import static dev.heed.platform.web.Roles.PRIVACY_OPERATOR;
import static dev.heed.platform.web.Roles.SUPPORT_AGENT;

import dev.heed.consent.Inputs;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** Proof that a withdrawal, expiry, opt-out or objection reached every system processing data for its purpose. */
@Path("/api/v1/withdrawals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "propagation", description = "How decisions that stop processing reached the downstream systems")
public class PropagationResource {

    private final StopProcessingPropagation propagation;

    PropagationResource(StopProcessingPropagation propagation) {
        this.propagation = propagation;
    }

    @GET
    @Path("{id}/propagation")
    @RolesAllowed({PRIVACY_ADMIN, PRIVACY_OPERATOR, SUPPORT_AGENT, AUDITOR})
    @Operation(summary = "How a withdrawal, expiry or opt-out reached the systems",
            description = "id is the decision id of a WITHDRAWN or EXPIRED decision, or of a DENIED one that is an "
                    + "opt-out (GPC) or an objection. The STOP_PROCESSING directive's state and deadline, and per "
                    + "recipient system its task state, when it acknowledged and what it reported, whether it is "
                    + "overdue and how often the directive was sent. 404 when the decision issued no directive.")
    public Uni<PropagationProof> propagation(
            @RestPath @Pattern(regexp = Inputs.UUID, message = "must be a decision id (a UUID)") String id) {
        return propagation.proof(UUID.fromString(id))
                .map(proof -> proof.orElseThrow(() -> new NotFoundException("no directive was issued for this decision")));
    }
}
