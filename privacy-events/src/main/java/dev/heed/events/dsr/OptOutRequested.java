package dev.heed.events.dsr;

import static dev.heed.events.Payloads.required;

import dev.heed.events.EventPayload;
import dev.heed.events.subject.SubjectKeys;
import java.time.Instant;
import java.util.UUID;

/**
 * A verified request to opt out of the sale or sharing of personal information (CCPA/CPRA), which
 * dsr-service forwards to consent-service: consent-service owns opt-outs and records one for every
 * purpose of the catalogue that sells or shares data. Carries the subject key, never an identity.
 */
public record OptOutRequested(UUID requestId, String subjectKey, Regulation regulation, Instant verifiedAt,
        Instant requestedAt) implements EventPayload {

    public OptOutRequested {
        required(requestId, "requestId");
        SubjectKeys.require(subjectKey, "subjectKey");
        required(regulation, "regulation");
        required(verifiedAt, "verifiedAt");
        required(requestedAt, "requestedAt");
    }

    @Override
    public String kafkaKey() {
        return subjectKey;
    }
}
