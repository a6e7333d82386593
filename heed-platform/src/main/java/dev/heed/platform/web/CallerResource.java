package dev.heed.platform.web;

import io.quarkus.security.Authenticated;
import jakarta.json.JsonString;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who the bearer token says the caller is: for checking a token against a running service. */
@Path("/api/v1/caller")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class CallerResource {

    /** @param systemId the {@code system_id} claim of a downstream system's token, else absent */
    public record Caller(String name, List<String> roles, String systemId) {
    }

    private final JsonWebToken token;

    CallerResource(JsonWebToken token) {
        this.token = token;
    }

    @GET
    public Caller caller() {
        Object systemId = token.getClaim("system_id");
        if (systemId instanceof JsonString text) {
            systemId = text.getString();
        }
        return new Caller(token.getName(), token.getGroups().stream().sorted().toList(),
                systemId == null ? null : String.valueOf(systemId));
    }
}
