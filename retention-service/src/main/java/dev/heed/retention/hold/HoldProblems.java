package dev.heed.retention.hold;

import dev.heed.platform.web.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** 409 problem+json for a hold that does not allow what was asked. */
public class HoldProblems {

    @ServerExceptionMapper
    public Response conflict(HoldConflictException e) {
        return Problem.of("hold-conflict", "Not possible in the hold's state", 409, e.getMessage())
                .occurrence().response();
    }
}
