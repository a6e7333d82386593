package dev.heed.dsr.opendsr.callback;

import dev.heed.platform.web.Roles;
import dev.heed.dsr.opendsr.OpenDsrConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Operators see OpenDSR callbacks still undelivered (or only the failing ones) and retry one at once. */
@Path("/api/v1/opendsr/callbacks")
@Tag(name = "OpenDSR")
@RolesAllowed({Roles.PRIVACY_ADMIN, Roles.PRIVACY_OPERATOR})
public class CallbackResource {

    private final Clock clock;
    private final int failingAfter;

    CallbackResource(Clock clock, OpenDsrConfig config) {
        this.clock = clock;
        this.failingAfter = config.callbacks().failingAfter();
    }

    /** A callback as operators see it: no body (the controller's), the last error kind only. */
    public record CallbackResponse(long id, UUID subjectRequestId, String controllerId, String url, String requestStatus,
            Instant createdAt, int attempts, Instant nextAttemptAt, Instant deliveredAt, String lastError,
            boolean failing) {
    }

    @GET
    @Operation(summary = "Undelivered OpenDSR callbacks, oldest first; failing=true: only those failing")
    public Uni<List<CallbackResponse>> undelivered(@RestQuery boolean failing) {
        return Panache.withSession(() -> OpenDsrCallback.<OpenDsrCallback>find(
                        "deliveredAt is null and attempts >= ?1", Sort.by("id"), failing ? failingAfter : 0)
                .page(0, 500).list())
                .map(callbacks -> callbacks.stream().map(this::view).toList());
    }

    @POST
    @Path("{id}/retry")
    @Operation(summary = "Tries an undelivered callback again at the next delivery run")
    public Uni<CallbackResponse> retry(@RestPath long id) {
        return Panache.withTransaction(() -> OpenDsrCallback.<OpenDsrCallback>findById(id).map(callback -> {
            if (callback == null || callback.deliveredAt != null) {
                throw new NotFoundException();
            }
            callback.nextAttemptAt = clock.instant();
            return view(callback);
        }));
    }

    private CallbackResponse view(OpenDsrCallback callback) {
        return new CallbackResponse(callback.id, callback.subjectRequestId, callback.controllerId, callback.url,
                callback.requestStatus, callback.createdAt, callback.attempts, callback.nextAttemptAt,
                callback.deliveredAt, callback.lastError, callback.attempts >= failingAfter);
    }
}
