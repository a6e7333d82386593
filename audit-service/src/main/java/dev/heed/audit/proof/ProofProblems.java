package dev.heed.audit.proof;

import dev.heed.platform.web.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Answers an unavailable proof with problem+json; its detail names ids and sizes only. */
public class ProofProblems {

    @ServerExceptionMapper
    public Response unavailable(ProofUnavailableException e) {
        String title = e.status() == 404 ? "Not found" : "Not covered by a signed tree head yet";
        return Problem.of(e.kind(), title, e.status(), e.getMessage()).occurrence().response();
    }
}
