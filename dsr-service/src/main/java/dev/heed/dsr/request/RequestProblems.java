package dev.heed.dsr.request;

import dev.heed.platform.web.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Answers a step the request's state does not allow with 409 problem+json, for operators and requesters alike. */
public class RequestProblems {

    @ServerExceptionMapper
    public Response conflict(RequestConflictException e) {
        return Problem.of("request-conflict", "Not possible in the request's state", 409, e.getMessage())
                .occurrence().response();
    }
}
