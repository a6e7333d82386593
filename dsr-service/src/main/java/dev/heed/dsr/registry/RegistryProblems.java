package dev.heed.dsr.registry;

import dev.heed.platform.web.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Answers an announcement of a retired system with 409 problem+json. */
public class RegistryProblems {

    @ServerExceptionMapper
    public Response retired(SystemRetiredException e) {
        return Problem.of("system-retired", "The system is retired", 409, e.getMessage()).occurrence().response();
    }
}
