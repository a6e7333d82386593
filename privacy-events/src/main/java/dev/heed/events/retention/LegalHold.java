package dev.heed.events.retention;

import static dev.heed.events.Payloads.optionalText;
import static dev.heed.events.Payloads.required;
import static dev.heed.events.Payloads.set;
import static dev.heed.events.Payloads.text;

import dev.heed.events.EventPayload;
import dev.heed.events.subject.SubjectKeys;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * An active legal hold: matching data must be neither erased nor purged. It lives on a compacted
 * topic keyed by hold id; releasing it writes a tombstone there.
 *
 * @param matter the case or investigation reference
 * @param subjectKeys the subjects held; empty when whole data categories are held
 */
public record LegalHold(UUID holdId, String matter, Set<String> subjectKeys, Set<String> dataCategories,
        String placedBy, String reason, Instant placedAt) implements EventPayload {

    public LegalHold {
        required(holdId, "holdId");
        text(matter, "matter");
        subjectKeys = set(subjectKeys);
        subjectKeys.forEach(key -> SubjectKeys.require(key, "subjectKeys"));
        dataCategories = set(dataCategories);
        if (subjectKeys.isEmpty() && dataCategories.isEmpty()) {
            throw new IllegalArgumentException("a hold names subjectKeys or dataCategories");
        }
        text(placedBy, "placedBy");
        optionalText(reason, "reason");
        required(placedAt, "placedAt");
    }

    @Override
    public String kafkaKey() {
        return holdId.toString();
    }
}
