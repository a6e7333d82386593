package dev.heed.dsr.opendsr.vendor;

import dev.heed.directives.Acknowledgements;
import dev.heed.directives.Directive;
import dev.heed.directives.DirectiveQueries;
import dev.heed.platform.outbox.EventOutbox;
import dev.heed.events.Application;
import dev.heed.events.EventType;
import dev.heed.events.HeedEvent;
import dev.heed.events.Topics;
import dev.heed.events.directive.AckOutcome;
import dev.heed.events.directive.DirectiveAcknowledgement;
import dev.heed.events.dsr.VendorAnswered;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Applies a vendor's verified answer to its task, in one transaction: the OpenDSR request records
 * the status; {@code completed} and {@code cancelled} answer the task through privacy-directives'
 * own transition (as an acknowledgement would: inbox, checks, settlement, metrics); and a new status
 * publishes {@code dev.heed.dsr.vendor-answered.v1} with the signature evidence. The same status
 * reported again changes nothing and publishes nothing.
 */
@ApplicationScoped
class VendorAnswers {

    static final String CANCELLED_REASON = "the vendor cancelled the OpenDSR request";

    private final Acknowledgements acknowledgements;
    private final DirectiveQueries directives;
    private final EventOutbox outbox;
    private final OpenDsrVendorConfig config;
    private final Clock clock;

    VendorAnswers(Acknowledgements acknowledgements, DirectiveQueries directives, EventOutbox outbox,
            OpenDsrVendorConfig config, Clock clock) {
        this.acknowledgements = acknowledgements;
        this.directives = directives;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
    }

    /**
     * @param channel {@code callback}, {@code status} or {@code receipt} (the create response)
     * @return whether the vendor's request was known (false: the id is not one of this system's)
     */
    Uni<Boolean> apply(String systemId, StatusReport report, VerifiedBody evidence, String channel) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .find(VendorRequest.class, report.subjectRequestId(), LockModeType.PESSIMISTIC_WRITE)
                .chain(request -> {
                    if (request == null || !request.systemId.equals(systemId)) {
                        return Uni.createFrom().item(false);
                    }
                    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                    if (report.expectedCompletionTime() != null) {
                        request.expectedCompletionTime = report.expectedCompletionTime();
                    }
                    if (!request.reported(report.requestStatus(), now, config.statusAfter())) {
                        return Uni.createFrom().item(true);
                    }
                    return answer(request, report)
                            .chain(() -> publish(request, report, evidence, channel, now))
                            .replaceWith(true);
                })));
    }

    /** Completed → done (results_count as the count); cancelled → failed; otherwise still outstanding. */
    private Uni<Void> answer(VendorRequest request, StatusReport report) {
        if (!VendorStatus.isFinal(report.requestStatus())) {
            return Uni.createFrom().voidItem();
        }
        boolean completed = VendorStatus.COMPLETED.equals(report.requestStatus());
        DirectiveAcknowledgement ack = new DirectiveAcknowledgement(request.directiveId, request.systemId,
                completed ? AckOutcome.DONE : AckOutcome.FAILED, completed ? report.resultsCount() : null,
                completed ? null : CANCELLED_REASON, completed ? report.resultsUrl() : null, null, clock.instant());
        return acknowledgements.acknowledgeInCaller("opendsr:" + request.subjectRequestId + ":"
                + report.requestStatus(), "opendsr:" + request.systemId, ack).replaceWithVoid();
    }

    private Uni<Void> publish(VendorRequest request, StatusReport report, VerifiedBody evidence, String channel,
            Instant now) {
        // The directive library's row, read through its seam in this transaction's session.
        return directives.find(request.directiveId)
                .chain(found -> {
                    Directive directive = found.orElseThrow(() -> new IllegalStateException("a vendor task without directive"));
                    VendorAnswered answered = new VendorAnswered(UUID.fromString(directive.reference()),
                            request.directiveId, request.systemId, directive.subjectKey(), request.subjectRequestId,
                            report.requestStatus(), report.resultsCount(), channel, evidence.bodySha256(),
                            evidence.signature(), evidence.certificateSha256(), evidence.domain(), now);
                    return outbox.append(Topics.DSR_EVENTS, HeedEvent.of(EventType.DSR_VENDOR_ANSWERED,
                            Application.DSR_SERVICE.source(), now, answered));
                });
    }
}
