package dev.heed.events.consent;

import static dev.heed.events.Payloads.optionalText;
import static dev.heed.events.Payloads.positiveVersion;
import static dev.heed.events.Payloads.required;
import static dev.heed.events.Payloads.text;

import dev.heed.events.EventPayload;
import dev.heed.events.EventType;
import dev.heed.events.subject.SubjectKeys;
import java.time.Instant;
import java.util.UUID;

/**
 * A consent decision, recorded as a fact. Its event type follows from {@link #decision()}.
 *
 * @param collectorId who or what collected it: a form, an app, a support agent's user name
 * @param noticeVersion the privacy notice shown when it was collected
 * @param jurisdiction where it was collected, ISO 3166-1 alpha-2 or 3166-2 (e.g. {@code DE}, {@code US-CA})
 * @param gpc the decision came from a Global Privacy Control signal
 */
public record ConsentDecision(UUID decisionId, String subjectKey, String purposeId, int purposeVersion,
        Decision decision, ConsentChannel channel, String collectorId, String noticeVersion, Instant expiresAt,
        String jurisdiction, boolean gpc, Instant recordedAt) implements EventPayload {

    public ConsentDecision {
        required(decisionId, "decisionId");
        SubjectKeys.require(subjectKey, "subjectKey");
        text(purposeId, "purposeId");
        positiveVersion(purposeVersion, "purposeVersion");
        required(decision, "decision");
        required(channel, "channel");
        optionalText(collectorId, "collectorId");
        optionalText(noticeVersion, "noticeVersion");
        optionalText(jurisdiction, "jurisdiction");
        required(recordedAt, "recordedAt");
    }

    public EventType eventType() {
        return decision.eventType();
    }

    /** A granted decision travels only as {@code dev.heed.consent.granted.v1}, and so on. */
    @Override
    public boolean fits(EventType type) {
        return type == eventType();
    }

    @Override
    public String kafkaKey() {
        return subjectKey;
    }
}
