package dev.heed.dsr.hold;

import java.time.Instant;
import java.util.UUID;

/**
 * A legal hold a request waits for, as operators see it on the request.
 *
 * @param matter the case reference, e.g. {@code case-2026-114}
 * @param reason why the hold was placed, if given
 */
public record HoldReference(UUID holdId, String matter, String reason, Instant placedAt) {

    static HoldReference of(RequestHold hold) {
        return new HoldReference(hold.holdId, hold.matter, hold.reason, hold.placedAt);
    }
}
