package dev.heed.dsr.hold;

import dev.heed.platform.web.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** An erasure asked for while the hold view catches up is refused with 503, as while the registry does. */
public class HoldProblems {

    @ServerExceptionMapper
    public Response notReady(HoldsNotReadyException e) {
        return Response.fromResponse(Problem.of("not-ready", "Not ready yet", 503, e.getMessage()).occurrence()
                .response()).header("Retry-After", "5").build();
    }
}
