package dev.heed.events.consent;

import static dev.heed.events.Payloads.positiveVersion;
import static dev.heed.events.Payloads.required;
import static dev.heed.events.Payloads.text;

import dev.heed.events.EventPayload;
import dev.heed.events.subject.SubjectKeys;
import java.time.Instant;
import java.util.UUID;

/**
 * The latest decision of one subject about one purpose, on a compacted topic keyed by
 * {@link #keyOf(String, String)}. An erased subject's keys are tombstoned.
 *
 * @param sequence the decision's ledger sequence: it grows with every decision about the key, so
 *     a reader keeps the highest it has seen, and it is the version token the write returned
 */
public record ConsentState(String subjectKey, String purposeId, int purposeVersion, Decision decision,
        UUID decisionId, Instant expiresAt, boolean gpc, Instant updatedAt, long sequence) implements EventPayload {

    public ConsentState {
        SubjectKeys.require(subjectKey, "subjectKey");
        text(purposeId, "purposeId");
        positiveVersion(purposeVersion, "purposeVersion");
        required(decision, "decision");
        required(decisionId, "decisionId");
        required(updatedAt, "updatedAt");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be positive");
        }
    }

    /** {@code <subject key>/<purpose id>}: a subject key never contains a slash. */
    public static String keyOf(String subjectKey, String purposeId) {
        return SubjectKeys.require(subjectKey, "subjectKey") + "/" + text(purposeId, "purposeId");
    }

    @Override
    public String kafkaKey() {
        return keyOf(subjectKey, purposeId);
    }
}
