package dev.heed.dsr.request;

import dev.heed.platform.web.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Answers a step the request's state does not allow with 409 problem+json, and a request or task
 * that does not exist with 404, for operators and requesters alike.
 */
public class RequestProblems {

    @ServerExceptionMapper
    public Response conflict(RequestConflictException e) {
        return Problem.of("request-conflict", "Not possible in the request's state", 409, e.getMessage())
                .occurrence().response();
    }

    @ServerExceptionMapper
    public Response notFound(RequestNotFoundException e) {
        return Problem.of("not-found", "Not found", 404, e.getMessage()).occurrence().response();
    }
}
