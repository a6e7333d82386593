package dev.heed.events.directive;

import static dev.heed.events.Payloads.optionalText;
import static dev.heed.events.Payloads.required;
import static dev.heed.events.Payloads.sha256Hex;

import dev.heed.events.EventPayload;
import dev.heed.events.SystemId;
import java.time.Instant;
import java.util.UUID;

/**
 * A system's answer to a directive. Re-sending a directive gets the same answer again.
 *
 * @param exportReference where an export was uploaded (the data itself never travels on Kafka)
 * @param exportSha256 lower-case hex SHA-256 of the uploaded export
 */
public record DirectiveAcknowledgement(UUID directiveId, String systemId, AckOutcome outcome, Long recordsAffected,
        String reason, String exportReference, String exportSha256, Instant acknowledgedAt)
        implements EventPayload {

    public DirectiveAcknowledgement {
        required(directiveId, "directiveId");
        SystemId.validate(systemId);
        required(outcome, "outcome");
        if (recordsAffected != null && recordsAffected < 0) {
            throw new IllegalArgumentException("recordsAffected must not be negative");
        }
        optionalText(reason, "reason");
        optionalText(exportReference, "exportReference");
        sha256Hex(exportSha256, "exportSha256");
        required(acknowledgedAt, "acknowledgedAt");
    }

    @Override
    public String kafkaKey() {
        return directiveId.toString();
    }
}
