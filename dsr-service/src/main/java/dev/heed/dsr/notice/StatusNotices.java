package dev.heed.dsr.notice;

import dev.heed.dsr.request.StatusFollower;
import dev.heed.dsr.request.SubjectRequest;
import dev.heed.events.dsr.RequestStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;

/**
 * Tells the requester, by e-mail to the request's address, when their request is received (filed
 * by an operator; a request the customer filed gets its code instead), verified, completed or
 * partially completed, and when its deadline is extended. Queued in the status change's transaction.
 */
@ApplicationScoped
public class StatusNotices implements StatusFollower {


    private final NoticeQueue queue;

    StatusNotices(NoticeQueue queue) {
        this.queue = queue;
    }

    @Override
    public Uni<Void> statusChanged(SubjectRequest request, RequestStatus from) {
        NoticeKind kind = switch (request.status) {
            case RECEIVED -> from == null && request.verifiedAt != null ? NoticeKind.REQUEST_RECEIVED : null;
            case VERIFIED -> from == RequestStatus.AWAITING_VERIFICATION ? NoticeKind.REQUEST_VERIFIED : null;
            case COMPLETED -> NoticeKind.REQUEST_COMPLETED;
            case PARTIALLY_COMPLETED -> NoticeKind.REQUEST_PARTIALLY_COMPLETED;
            default -> null;
        };
        return kind == null ? Uni.createFrom().voidItem() : notify(request, kind, null);
    }

    /** The deadline was extended, with the reason the customer is owed. */
    public Uni<Void> extended(SubjectRequest request, String reason) {
        return notify(request, NoticeKind.REQUEST_EXTENDED, reason);
    }

    private Uni<Void> notify(SubjectRequest request, NoticeKind kind, String reason) {
        String email = NoticeAddress.email(request.identities != null ? request.identities : request.identitiesAtClose);
        if (email == null) {
            return Uni.createFrom().voidItem();
        }
        Map<String, String> values = new HashMap<>();
        values.put("requestId", request.id.toString());
        values.put("type", request.requestType.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        values.put("deadline", request.deadline().toString());
        values.put("reason", reason == null ? "" : reason);
        return queue.enqueue(request.id, kind, NoticeChannel.EMAIL, null, new NoticeContent(email, values), null)
                .replaceWithVoid();
    }
}
