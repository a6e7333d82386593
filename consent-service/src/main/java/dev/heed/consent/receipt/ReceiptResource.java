package dev.heed.consent.receipt;

import static dev.heed.platform.web.Roles.AUDITOR;
import static dev.heed.platform.web.Roles.PRIVACY_ADMIN;
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

/** Signed consent receipts over HTTP: what was issued for a decision, to show a customer or an auditor. */
@Path("/api/v1/receipts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "receipts", description = "Signed consent receipts, one per recorded decision")
public class ReceiptResource {

    private final ConsentReceipts receipts;

    ReceiptResource(ConsentReceipts receipts) {
        this.receipts = receipts;
    }

    @GET
    @Path("{id}")
    @RolesAllowed({SUPPORT_AGENT, PRIVACY_ADMIN, AUDITOR})
    @Operation(summary = "A consent receipt",
            description = "The receipt as issued (a compact JWS, typ consent-receipt+jwt) and its claims decoded. "
                    + "Verify the JWS with the key named by its kid in /.well-known/jwks.json.")
    public Uni<ConsentReceipt> receipt(
            @RestPath @Pattern(regexp = Inputs.UUID, message = "must be a receipt id (a UUID)") String id) {
        return receipts.find(UUID.fromString(id)).map(found -> found.orElseThrow(NotFoundException::new));
    }
}
