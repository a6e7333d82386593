package dev.heed.dsr.opendsr;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.heed.platform.store.ConcurrentChange;
import dev.heed.dsr.opendsr.callback.CallbackOutbox;
import dev.heed.dsr.request.IdentityResolver;
import dev.heed.dsr.request.RequestCancellation;
import dev.heed.dsr.request.RequestFiling;
import dev.heed.dsr.request.SubjectRequestRepository;
import dev.heed.events.EventJson;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * OpenDSR requests of external controllers, as Heed requests: received verified (verifying the
 * subject is the controller's duty in OpenDSR) and pending for the cancellation window, then sent
 * to the systems by {@link dev.heed.dsr.opendsr.release.ReleaseJob}. A controller sees only its own.
 */
@ApplicationScoped
public class OpenDsrRequests {

    private static final Logger LOG = Logger.getLogger(OpenDsrRequests.class);

    private final RequestFiling filing;
    private final RequestCancellation cancellation;
    private final SubjectRequestRepository requests;
    private final IdentityResolver resolver;
    private final CallbackOutbox callbacks;
    private final OpenDsrConfig config;
    private final Clock clock;

    OpenDsrRequests(RequestFiling filing, RequestCancellation cancellation, SubjectRequestRepository requests,
            IdentityResolver resolver, CallbackOutbox callbacks, OpenDsrConfig config, Clock clock) {
        this.filing = filing;
        this.cancellation = cancellation;
        this.requests = requests;
        this.resolver = resolver;
        this.callbacks = callbacks;
        this.config = config;
        this.clock = clock;
    }

    /** What the create response reports. */
    public record Accepted(UUID subjectRequestId, Instant receivedAt, Instant expectedCompletion) {
    }

    /** What the status response reports. */
    public record Status(UUID subjectRequestId, OpenDsrStatus status, Instant expectedCompletion) {
    }

    /**
     * Accepts a request in one transaction: the Heed request, verified and recorded as verified by
     * the controller, this request's OpenDSR row and its {@code pending} callbacks.
     *
     * @throws OpenDsrRefusal when the controller already sent this subject_request_id
     */
    public Uni<Accepted> accept(String controllerId, OpenDsrSubmission submission) {
        String actor = actor(controllerId);
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> OpenDsrRequest.<OpenDsrRequest>findById(submission.subjectRequestId())
                .chain(existing -> {
                    if (existing != null) {
                        throw new OpenDsrRefusal("DuplicateRequest", "subject_request_id was already submitted");
                    }
                    return filing.receiveVerified(submission.type(), submission.regulation(),
                            subjectIdentifier(submission), submission.identities(), actor,
                            "verified by OpenDSR controller " + controllerId);
                })
                .chain(request -> {
                    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                    OpenDsrRequest opendsr = new OpenDsrRequest();
                    opendsr.subjectRequestId = submission.subjectRequestId();
                    opendsr.controllerId = controllerId;
                    opendsr.requestId = request.id;
                    opendsr.apiVersion = submission.apiVersion();
                    opendsr.statusCallbackUrls = json(submission.callbackUrls().stream().map(URI::toString).toList());
                    opendsr.receivedAt = now;
                    opendsr.releaseAt = now.plus(config.cancellationWindow());
                    opendsr.reportedStatus = OpenDsrStatus.PENDING.wire();
                    return opendsr.persist()
                            .chain(() -> callbacks.enqueue(opendsr, OpenDsrStatus.PENDING, request.deadline()))
                            .map(nothing -> new Accepted(opendsr.subjectRequestId, now, request.deadline()));
                })))
                // The same id sent twice at once: the second run finds the first's row and refuses it.
                .onFailure(ConcurrentChange::detected).retry().atMost(ConcurrentChange.RETRIES)
                .invoke(accepted -> LOG.infof("OpenDSR request %s of controller %s accepted", accepted.subjectRequestId(),
                        controllerId));
    }

    /** The request's status, for the controller that sent it only. */
    public Uni<Optional<Status>> status(String controllerId, UUID id) {
        return Panache.withSession(() -> own(controllerId, id).chain(found -> found.isEmpty()
                ? Uni.createFrom().item(Optional.<Status>empty())
                : requests.findById(found.get().requestId).map(request -> Optional.of(
                        new Status(id, found.get().status(), request.deadline())))));
    }

    /**
     * Cancels a request still pending (spec section 9); its cancelled callbacks commit with it.
     *
     * @return when the cancellation was received; empty for an unknown id or another controller's
     * @throws OpenDsrRefusal once the request went to the systems or closed
     */
    public Uni<Optional<Instant>> cancel(String controllerId, UUID id) {
        Instant received = clock.instant();
        return Panache.withSession(() -> own(controllerId, id)).chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(Optional.<Instant>empty());
            }
            OpenDsrRequest request = found.get();
            if (request.status() != OpenDsrStatus.PENDING) {
                throw notPending(request.status());
            }
            return cancellation.cancelForSubmitter(request.requestId, actor(controllerId), "cancelled by the controller")
                    .map(status -> status.map(OpenDsrStatus::of).map(now -> {
                        if (now != OpenDsrStatus.CANCELLED) {
                            throw notPending(now);
                        }
                        return received;
                    }));
        });
    }

    private static OpenDsrRefusal notPending(OpenDsrStatus status) {
        return new OpenDsrRefusal("NotCancellable",
                "only a pending request can be cancelled; this one is " + status.wire());
    }

    private static Uni<Optional<OpenDsrRequest>> own(String controllerId, UUID id) {
        return OpenDsrRequest.<OpenDsrRequest>findById(id)
                .map(found -> Optional.ofNullable(found).filter(request -> request.controllerId.equals(controllerId)));
    }

    /**
     * The customer id when sent raw; else a raw e-mail address resolved to its customer where one is
     * known; else the first identity itself, so repeated requests about it meet.
     */
    private String subjectIdentifier(OpenDsrSubmission submission) {
        if (submission.customerId() != null) {
            return submission.customerId();
        }
        List<String> emails = submission.identities().get("email");
        if (emails != null) {
            return resolver.customerIdOf("email", emails.get(0)).orElse("email:" + emails.get(0));
        }
        return submission.firstIdentity();
    }

    /** How a controller is named as an actor in Heed's events and verification records. */
    public static String actor(String controllerId) {
        return "opendsr:" + controllerId;
    }

    private static String json(List<String> urls) {
        try {
            return EventJson.mapper().writeValueAsString(urls);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
