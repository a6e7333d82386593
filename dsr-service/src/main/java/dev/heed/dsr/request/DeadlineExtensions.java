package dev.heed.dsr.request;

import dev.heed.dsr.deadline.DeadlineExtension;
import dev.heed.dsr.deadline.ResponseDeadlines;
import dev.heed.dsr.notice.StatusNotices;
import dev.heed.platform.web.InvalidInputException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/** An operator extends a request's deadline as far as the law allows for its regulation and type, once. */
@ApplicationScoped
public class DeadlineExtensions {

    private final RequestChanges changes;
    private final RequestEvents events;
    private final ResponseDeadlines deadlines;
    private final StatusNotices notices;
    private final Clock clock;

    DeadlineExtensions(RequestChanges changes, RequestEvents events, ResponseDeadlines deadlines,
            StatusNotices notices, Clock clock) {
        this.changes = changes;
        this.events = events;
        this.deadlines = deadlines;
        this.notices = notices;
        this.clock = clock;
    }

    /** Empty when there is no such request. */
    public Uni<Optional<RequestResponse>> extend(UUID id, String operator, String role, String reason) {
        return changes.change(id, request -> {
            if (request.isClosed()) {
                throw new RequestConflictException("a closed request cannot be extended");
            }
            var rule = deadlines.rule(request.regulation, request.requestType);
            if (!rule.extensionAllowed()) {
                throw new InvalidInputException("reason", "the law allows no extension for this request");
            }
            request.extendedDueAt = deadlines.extendedDueAt(request.regulation, request.requestType, request.receivedAt,
                    new DeadlineExtension(rule.extendableBy(), reason, clock.instant()), request.extendedDueAt != null);
            request.extensionReason = reason;
            // The customer is told, by e-mail and in the event, which names the new deadline in its reason.
            return events.operatorAction(request, operator, role, "request.extended",
                            reason + " (due " + request.extendedDueAt + ")")
                    .chain(() -> notices.extended(request, reason));
        });
    }
}
