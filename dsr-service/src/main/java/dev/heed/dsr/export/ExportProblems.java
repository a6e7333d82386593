package dev.heed.dsr.export;

import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** 403, 404, 409 and 410 of the export feature's REST resources, as problem+json. */
public class ExportProblems {

    @ServerExceptionMapper
    public Response refused(ExportRefused e) {
        return e.problem().response();
    }
}
