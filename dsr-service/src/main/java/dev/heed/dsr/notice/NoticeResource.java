package dev.heed.dsr.notice;

import static dev.heed.platform.web.Roles.PRIVACY_ADMIN;
import static dev.heed.platform.web.Roles.PRIVACY_OPERATOR;

import dev.heed.platform.web.InvalidInputException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** Notices that need an operator: never their destination or content, which stay sealed. */
@Path("/api/v1/notices")
@Tag(name = "notices", description = "Delivery of codes, links and status notices to requesters")
@RolesAllowed({PRIVACY_OPERATOR, PRIVACY_ADMIN})
public class NoticeResource {

    private final NoticeDelivery delivery;
    private final Clock clock;

    NoticeResource(NoticeDelivery delivery, Clock clock) {
        this.delivery = delivery;
        this.clock = clock;
    }

    /** A notice as the operator sees it: what and how, not to whom. */
    public record NoticeResponse(UUID id, UUID requestId, NoticeKind kind, NoticeChannel channel, NoticeState state,
            int attempts, String lastError, Instant createdAt, Instant expiresAt) {

        static NoticeResponse of(CustomerNotice notice) {
            return new NoticeResponse(notice.id, notice.requestId, notice.kind, notice.channel, notice.state,
                    notice.attempts, notice.lastError, notice.createdAt, notice.expiresAt);
        }
    }

    @GET
    @Path("failing")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Notices that failed every attempt, or whose delivery is uncertain",
            description = "FAILED: every attempt failed. UNCERTAIN: the delivery job stopped between handing the "
                    + "message over and recording it, so it is not re-sent on its own. Neither the address nor the "
                    + "content is shown.")
    public Uni<List<NoticeResponse>> failing() {
        return Panache.withSession(() -> CustomerNotice.<CustomerNotice>find(
                        "state in (?1, ?2) order by createdAt", NoticeState.FAILED, NoticeState.UNCERTAIN)
                .page(0, 500).list())
                .map(notices -> notices.stream().map(NoticeResponse::of).toList());
    }

    @POST
    @Path("{id}/retry")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Queue a FAILED or UNCERTAIN notice again",
            description = "For UNCERTAIN, only when the operator accepts that the requester may get it twice. "
                    + "404 for an unknown notice, 400 for one in another state or whose content expired.")
    public Uni<NoticeResponse> retry(@RestPath String id) {
        UUID noticeId = uuid(id);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(() -> CustomerNotice.<CustomerNotice>findById(noticeId)
                        .map(notice -> {
                            if (notice == null) {
                                throw new NotFoundException();
                            }
                            if (notice.state != NoticeState.FAILED && notice.state != NoticeState.UNCERTAIN) {
                                throw new InvalidInputException("id", "names a notice that is " + notice.state
                                        + "; only FAILED or UNCERTAIN ones are queued again");
                            }
                            notice.state = NoticeState.QUEUED;
                            notice.attempts = 0;
                            notice.nextAttemptAt = now;
                            return NoticeResponse.of(notice);
                        }))
                .call(delivery::refreshFailing);
    }

    private static UUID uuid(String id) {
        try {
            if (id.length() == 36) {
                return UUID.fromString(id);
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new InvalidInputException("id", "must be a notice id (a UUID)");
    }
}
