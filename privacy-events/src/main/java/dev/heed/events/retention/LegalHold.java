package dev.heed.events.retention;

import static dev.heed.events.Payloads.optionalText;
import static dev.heed.events.Payloads.required;
import static dev.heed.events.Payloads.set;
import static dev.heed.events.Payloads.text;

import dev.heed.events.EventPayload;
import dev.heed.events.subject.SubjectKeys;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

/**
 * An active legal hold: matching data must be neither erased nor purged. It lives on a compacted
 * topic keyed by hold id; releasing it writes a tombstone there.
 *
 * @param matter the case reference (case or investigation)
 * @param subjectKeys the subjects held; empty when whole data categories are held
 * @param dataCategories with subjects: only these categories of theirs (all when empty); without
 *        subjects: these categories of everyone
 * @param scope what the hold covers; absent in holds published before it existed, then derived
 *        from the subjects named
 * @param reviewDate when the hold is due for review, if set
 */
public record LegalHold(UUID holdId, String matter, Set<String> subjectKeys, Set<String> dataCategories,
        String placedBy, String reason, Instant placedAt, HoldScope scope, LocalDate reviewDate)
        implements EventPayload {

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
        scope = scope == null ? derivedScope(subjectKeys) : scope;
        requireCoverage(scope, subjectKeys, dataCategories);
    }

    /** A hold without a scope or review date, as published before those fields existed. */
    public LegalHold(UUID holdId, String matter, Set<String> subjectKeys, Set<String> dataCategories,
            String placedBy, String reason, Instant placedAt) {
        this(holdId, matter, subjectKeys, dataCategories, placedBy, reason, placedAt, null, null);
    }

    @Override
    public String kafkaKey() {
        return holdId.toString();
    }

    private static HoldScope derivedScope(Set<String> subjectKeys) {
        return switch (subjectKeys.size()) {
            case 0 -> HoldScope.DATA_CATEGORY;
            case 1 -> HoldScope.SUBJECT;
            default -> HoldScope.CASE;
        };
    }

    private static void requireCoverage(HoldScope scope, Set<String> subjectKeys, Set<String> dataCategories) {
        boolean consistent = switch (scope) {
            case SUBJECT -> subjectKeys.size() == 1;
            case CASE -> !subjectKeys.isEmpty();
            case DATA_CATEGORY -> subjectKeys.isEmpty() && !dataCategories.isEmpty();
        };
        if (!consistent) {
            throw new IllegalArgumentException("scope " + scope + " does not match the subjectKeys and dataCategories"
                    + " named (SUBJECT: one subject, CASE: at least one, DATA_CATEGORY: categories and no subjects)");
        }
    }
}
