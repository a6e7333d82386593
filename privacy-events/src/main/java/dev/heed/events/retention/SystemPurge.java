package dev.heed.events.retention;

import static dev.heed.events.Payloads.required;

import dev.heed.events.SystemId;
import java.util.UUID;

/**
 * One system's part of a purge run.
 *
 * @param directiveId the purge directive addressed to the system; {@code null} when none was issued ({@code HELD})
 * @param recordsAffected what the system reported purging, if it answered with a count
 */
public record SystemPurge(String systemId, UUID directiveId, PurgeResult result, Long recordsAffected) {

    public SystemPurge {
        SystemId.validate(systemId);
        required(result, "result");
        if (recordsAffected != null && recordsAffected < 0) {
            throw new IllegalArgumentException("recordsAffected must not be negative");
        }
    }
}
