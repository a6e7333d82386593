package dev.heed.retention.catalogue;

import dev.heed.platform.web.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A catalogue still catching up is a 503: the caller retries, nothing was written. */
public class CatalogueProblems {

    @ServerExceptionMapper
    public Response notReady(CatalogueNotReadyException e) {
        return Problem.of("catalogue-not-ready", "Purpose catalogue not ready", 503, e.getMessage())
                .occurrence().response();
    }
}
