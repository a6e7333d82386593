package dev.heed.dsr.opendsr.callback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.heed.dsr.opendsr.OpenDsrBodies;
import dev.heed.dsr.opendsr.OpenDsrRequest;
import dev.heed.dsr.opendsr.OpenDsrStatus;
import dev.heed.dsr.request.StatusFollower;
import dev.heed.dsr.request.SubjectRequest;
import dev.heed.events.EventJson;
import dev.heed.events.dsr.RequestStatus;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Writes the OpenDSR callbacks of a status change in the transaction of the change: one row per
 * callback URL, so a restart between the change and the delivery loses nothing. Only a change of
 * the OpenDSR status counts (e.g. in progress to on hold is none).
 */
@ApplicationScoped
public class CallbackOutbox implements StatusFollower {

    private static final TypeReference<List<String>> URLS = new TypeReference<>() {
    };

    private final Clock clock;

    CallbackOutbox(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Uni<Void> statusChanged(SubjectRequest request, RequestStatus from) {
        return OpenDsrRequest.<OpenDsrRequest>find("requestId", request.id).firstResult().chain(opendsr -> {
            OpenDsrStatus now = OpenDsrStatus.of(request.status);
            if (opendsr == null || opendsr.status() == now) {
                return Uni.createFrom().voidItem();
            }
            opendsr.reportedStatus = now.wire();
            return enqueue(opendsr, now, request.deadline());
        });
    }

    /** Queues the callbacks telling the controller the request is now {@code status}. */
    public Uni<Void> enqueue(OpenDsrRequest request, OpenDsrStatus status, Instant expectedCompletion) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return Multi.createFrom().iterable(urls(request.statusCallbackUrls))
                .onItem().transformToUniAndConcatenate(url -> {
                    OpenDsrCallback callback = new OpenDsrCallback();
                    callback.subjectRequestId = request.subjectRequestId;
                    callback.controllerId = request.controllerId;
                    callback.url = url;
                    callback.requestStatus = status.wire();
                    callback.body = OpenDsrBodies.callback(request.controllerId, request.subjectRequestId, status,
                            expectedCompletion, url);
                    callback.createdAt = at;
                    callback.nextAttemptAt = at;
                    return callback.persist();
                })
                .collect().last().replaceWithVoid();
    }

    private static List<String> urls(String json) {
        try {
            return EventJson.mapper().readValue(json, URLS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored callback URLs do not parse", e);
        }
    }
}
