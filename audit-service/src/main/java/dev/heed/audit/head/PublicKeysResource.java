package dev.heed.audit.head;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heed.audit.verify.EvidenceDocuments;
import dev.heed.audit.verify.TreeHeadSignature;
import java.security.PublicKey;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The tree-head verification keys, open like consent-service's {@code /.well-known/jwks.json}:
 * anyone who holds a published head or an evidence bundle (a regulator, a downstream team) checks
 * it without an account, and a public key is no secret. Outside {@code /api/v1}, which needs a token.
 */
@Path("/audit")
@Tag(name = "audit keys", description = "Public keys that verify signed tree heads")
public class PublicKeysResource {

    private final SigningKeys keys;

    PublicKeysResource(SigningKeys keys) {
        this.keys = keys;
    }

    @GET
    @Path("keys.json")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every key a tree head may be signed with: the current one first, then rotated ones")
    public ObjectNode keys() {
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("current", keys.keyId());
        ArrayNode list = answer.putArray("keys");
        for (PublicKey key : keys.published()) {
            list.add(EvidenceDocuments.publicKey(key));
        }
        return answer;
    }

    @GET
    @Path("public-key.pem")
    @Produces("application/x-pem-file")
    @Operation(summary = "The current public key as a PEM file, for heed-verify --key")
    public String currentPem() {
        return TreeHeadSignature.toPem(keys.current());
    }
}
