package dev.heed.dsr.opendsr.vendor;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heed.platform.web.InvalidInputException;
import dev.heed.dsr.opendsr.signature.SignatureVerifier.SignatureRejected;
import dev.heed.dsr.registry.RegisteredSystemRepository;
import dev.heed.events.registry.SystemStatus;
import dev.heed.events.registry.Transport;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Where vendors reached by OpenDSR call back ({@code status_callback_urls} of the requests dsr-service
 * sends them). No token: the signature is the authentication (spec 4.3). The body is verified as
 * received, before it is parsed (spec 8.8); a signature that does not verify against the vendor's
 * certificate, or a domain that is not the registered vendor's host, gets 403 and changes nothing.
 */
@Path("/opendsr/callbacks")
@Tag(name = "opendsr-vendors", description = "Callbacks of vendors reached by OpenDSR")
public class VendorCallbackResource {

    private static final Logger LOG = Logger.getLogger(VendorCallbackResource.class);

    private final VendorCertificates certificates;
    private final VendorAnswers answers;
    private final VendorDispatchJob dispatch;
    private final ObjectMapper json;
    private final RegisteredSystemRepository systems;

    VendorCallbackResource(VendorCertificates certificates, VendorAnswers answers, VendorDispatchJob dispatch,
            ObjectMapper json, RegisteredSystemRepository systems) {
        this.certificates = certificates;
        this.answers = answers;
        this.dispatch = dispatch;
        this.json = json;
        this.systems = systems;
    }

    @POST
    @Path("{systemId}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "A vendor's signed status callback (OpenDSR 2.0 section 8.6)",
            description = "204 when applied (or already known); 403 when the signature or domain does not verify;"
                    + " 404 for a system that is not an OPENDSR vendor or a request it was not sent; 400 for a"
                    + " verified body that is not a callback for this endpoint.")
    public Uni<RestResponse<Void>> callback(@RestPath String systemId, byte[] body, HttpHeaders headers) {
        SignedBody signed = new SignedBody(body == null ? new byte[0] : body,
                ReceivedHeaders.domain(headers::getHeaderString), ReceivedHeaders.signature(headers::getHeaderString));
        return Panache.withSession(() -> systems.findById(systemId))
                .chain(system -> {
                    if (system == null || system.transport != Transport.OPENDSR || system.status != SystemStatus.ACTIVE) {
                        return Uni.createFrom().failure(new NotFoundException("no vendor reached by OpenDSR has this id"));
                    }
                    return certificates.verify(system.openDsrBaseUrl, signed)
                            .onFailure(SignatureRejected.class).transform(rejected -> {
                                LOG.warnf("callback for %s refused: %s", systemId, rejected.getMessage());
                                return new ForbiddenException("the signature does not verify");
                            });
                })
                .chain(verified -> {
                    StatusReport report = StatusReport.read(json, verified.bytes());
                    if (!dispatch.callbackUrl(systemId).equals(report.statusCallbackUrl())) {
                        throw new InvalidInputException("status_callback_url", "is not this endpoint");
                    }
                    return answers.apply(systemId, report, verified, "callback");
                })
                .map(known -> {
                    if (!known) {
                        throw new NotFoundException("no OpenDSR request with this id was sent to this vendor");
                    }
                    return RestResponse.<Void>noContent();
                });
    }
}
