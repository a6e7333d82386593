package dev.heed.consent.receipt;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The public keys receipts verify with, by {@code kid}: open to anyone, since a receipt is worth
 * only what a third party can check. Retired keys stay in the set.
 */
@Path("/.well-known/jwks.json")
@PermitAll
@Tag(name = "receipts")
public class VerificationKeysResource {

    /**
     * Short enough that a key published just before it becomes active reaches every verifier's
     * cache in minutes; long enough that verifiers do not fetch on every receipt.
     */
    static final String CACHE_CONTROL = "public, max-age=300";

    private final ReceiptKeys keys;

    VerificationKeysResource(ReceiptKeys keys) {
        this.keys = keys;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The receipt verification keys (JWK Set)",
            description = "Every public key consent receipts were or are signed with, each by its kid.")
    public RestResponse<String> jwks() {
        return RestResponse.ResponseBuilder.ok(keys.publicJwks(), MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
                .build();
    }
}
