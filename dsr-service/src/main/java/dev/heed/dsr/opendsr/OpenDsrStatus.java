package dev.heed.dsr.opendsr;

import dev.heed.events.dsr.RequestStatus;
import java.util.Locale;

/**
 * The OpenDSR request statuses (spec section 8) and how Heed's map onto them. A partially completed
 * request is reported {@code completed}: it is closed and will not move again; the operators' API
 * names the systems that did not answer.
 */
public enum OpenDsrStatus {
    PENDING, IN_PROGRESS, COMPLETED, CANCELLED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OpenDsrStatus ofWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public static OpenDsrStatus of(RequestStatus status) {
        return switch (status) {
            case RECEIVED, AWAITING_VERIFICATION, VERIFIED -> PENDING;
            case IN_PROGRESS, ON_HOLD -> IN_PROGRESS;
            case COMPLETED, PARTIALLY_COMPLETED -> COMPLETED;
            case REJECTED, CANCELLED -> CANCELLED;
        };
    }
}
