package dev.heed.events.retention;

import static dev.heed.events.Payloads.optionalText;
import static dev.heed.events.Payloads.required;
import static dev.heed.events.Payloads.text;

import dev.heed.events.EventPayload;
import java.time.Instant;
import java.util.UUID;

/** A legal hold was released (its record on the legal-holds topic is tombstoned at the same time). */
public record HoldReleased(UUID holdId, String releasedBy, String reason, Instant releasedAt)
        implements EventPayload {

    public HoldReleased {
        required(holdId, "holdId");
        text(releasedBy, "releasedBy");
        optionalText(reason, "reason");
        required(releasedAt, "releasedAt");
    }

    @Override
    public String kafkaKey() {
        return holdId.toString();
    }
}
