package dev.heed.dsr.opendsr;

import dev.heed.dsr.opendsr.controller.Controllers;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Base64;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * OpenDSR 2.0, processor side, under {@code /opendsr/v2} (and {@code /opendsr/v1}, with the
 * {@code opengdpr_requests} and {@code opendsr_requests} names of the collection, as section 10.1
 * asks). Every answer is rendered once and signed over those exact bytes.
 */
@Path("/opendsr/{version: v[12]}")
@Tag(name = "OpenDSR")
public class OpenDsrResource {

    static final String REQUESTS = "{collection: requests|opendsr_requests|opengdpr_requests}";
    private static final Pattern UUID_V4 =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    private final OpenDsrRequests requests;
    private final ProcessorSigning signing;
    private final Controllers controllers;
    private final OpenDsrConfig config;
    private final SecurityIdentity identity;
    private final String publicUrl;

    OpenDsrResource(OpenDsrRequests requests, ProcessorSigning signing, Controllers controllers, OpenDsrConfig config,
            SecurityIdentity identity, @ConfigProperty(name = "heed.dsr.public-url") String publicUrl) {
        this.requests = requests;
        this.signing = signing;
        this.controllers = controllers;
        this.config = config;
        this.identity = identity;
        this.publicUrl = publicUrl;
    }

    @GET
    @Path("discovery")
    @PermitAll
    @Operation(summary = "What this processor supports, and where its signing certificate is")
    public Response discovery() {
        enabled();
        List<Map<String, String>> supported = new ArrayList<>();
        for (String type : OpenDsrSubmission.IDENTITY_TYPES.stream().sorted().toList()) {
            for (String format : OpenDsrSubmission.IDENTITY_FORMATS) {
                supported.add(Map.of("identity_type", type, "identity_format", format));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("api_version", OpenDsrBodies.API_VERSION);
        body.put("supported_identities", supported);
        body.put("supported_subject_request_types", OpenDsrSubmission.REQUEST_TYPES);
        body.put("processor_certificate", publicUrl + "/opendsr/v2/certificate.pem");
        return signed(200, OpenDsrBodies.bytes(body));
    }

    @GET
    @Path("certificate.pem")
    @PermitAll
    @Operation(summary = "The X.509 certificate (PEM, then its CA chain) whose key signs responses and callbacks")
    public Response certificate() {
        enabled();
        return Response.ok(signing.signer().chainPem(), "application/x-pem-file").build();
    }

    @POST
    @Path(REQUESTS)
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Controllers.ROLE)
    @Operation(summary = "A controller sends a request in (201), or gets the error object (400)")
    public Uni<Response> create(byte[] body) {
        enabled();
        String controller = controller();
        OpenDsrSubmission submission = OpenDsrSubmission.parse(body == null ? new byte[0] : body,
                config.callbacks().allowHttp(), url -> controllers.mayCallBack(controller, url));
        return requests.accept(controller, submission).map(accepted -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("controller_id", controller);
            answer.put("expected_completion_time", OpenDsrBodies.time(accepted.expectedCompletion()));
            answer.put("received_time", OpenDsrBodies.time(accepted.receivedAt()));
            answer.put("encoded_request", Base64.getEncoder().encodeToString(body));
            answer.put("subject_request_id", accepted.subjectRequestId().toString());
            return signed(201, OpenDsrBodies.bytes(answer));
        });
    }

    @GET
    @Path(REQUESTS + "/{id}")
    @RolesAllowed(Controllers.ROLE)
    @Operation(summary = "The status of one of the controller's requests")
    public Uni<Response> status(@RestPath String id) {
        enabled();
        String controller = controller();
        return requests.status(controller, requestId(id)).map(found -> found.map(status -> signed(200,
                        OpenDsrBodies.status(controller, status.subjectRequestId(), status.status(),
                                status.expectedCompletion())))
                .orElseThrow(NotFoundException::new));
    }

    @DELETE
    @Path(REQUESTS + "/{id}")
    @RolesAllowed(Controllers.ROLE)
    @Operation(summary = "Cancels one of the controller's requests while it is pending (202), else 400")
    public Uni<Response> cancel(@RestPath String id) {
        enabled();
        String controller = controller();
        UUID requestId = requestId(id);
        return requests.cancel(controller, requestId).map(found -> {
            Instant received = found.orElseThrow(NotFoundException::new);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("controller_id", controller);
            answer.put("subject_request_id", requestId.toString());
            answer.put("received_time", OpenDsrBodies.time(received));
            answer.put("api_version", OpenDsrBodies.API_VERSION);
            return signed(202, OpenDsrBodies.bytes(answer));
        });
    }

    @ServerExceptionMapper
    public Response refused(OpenDsrRefusal refusal) {
        return signed(400, OpenDsrBodies.error(400, refusal.reason(), refusal.getMessage()));
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return signing.enabled()
                ? signed(404, OpenDsrBodies.error(404, "NotFound", "no such request"))
                : Response.status(404).build();
    }

    private UUID requestId(String id) {
        if (!UUID_V4.matcher(id).matches()) {
            throw new OpenDsrRefusal("InvalidField", "subject_request_id must be a lower-case UUID v4");
        }
        return UUID.fromString(id);
    }

    private String controller() {
        return identity.getPrincipal().getName();
    }

    private void enabled() {
        if (!signing.enabled()) {
            throw new NotFoundException();
        }
    }

    private Response signed(int status, byte[] body) {
        Response.ResponseBuilder response = Response.status(status).entity(body).type(MediaType.APPLICATION_JSON);
        String[] headers = OpenDsrHeaders.signed(signing, body);
        for (int i = 0; i < headers.length; i += 2) {
            response.header(headers[i], headers[i + 1]);
        }
        return response.build();
    }
}
