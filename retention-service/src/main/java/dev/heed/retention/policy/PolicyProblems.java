package dev.heed.retention.policy;

import dev.heed.platform.web.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A change the policy cannot take is a 409 problem+json. */
public class PolicyProblems {

    @ServerExceptionMapper
    public Response conflict(PolicyConflictException e) {
        return Problem.of("policy-conflict", "Not possible for this policy", 409, e.getMessage())
                .occurrence().response();
    }
}
