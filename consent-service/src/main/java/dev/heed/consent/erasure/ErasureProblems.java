package dev.heed.consent.erasure;

import dev.heed.platform.web.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Answers a grant for an erased subject with 409 problem+json saying why. */
public class ErasureProblems {

    @ServerExceptionMapper
    public Response subjectErased(SubjectErasedException e) {
        return Problem.of("subject-erased", "The subject was erased", 409, e.getMessage()).occurrence()
                .response();
    }
}
