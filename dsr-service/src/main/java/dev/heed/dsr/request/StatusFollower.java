package dev.heed.dsr.request;

import dev.heed.events.dsr.RequestStatus;
import io.smallrye.mutiny.Uni;

/**
 * Told of every status change of a request inside the transaction that makes it, so whatever it
 * writes (e.g. OpenDSR callbacks to a controller) commits with the change or not at all.
 */
public interface StatusFollower {

    Uni<Void> statusChanged(SubjectRequest request, RequestStatus from);
}
