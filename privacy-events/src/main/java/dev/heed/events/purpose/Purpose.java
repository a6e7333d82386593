package dev.heed.events.purpose;

import static dev.heed.events.Payloads.optionalText;
import static dev.heed.events.Payloads.positiveVersion;
import static dev.heed.events.Payloads.required;
import static dev.heed.events.Payloads.set;
import static dev.heed.events.Payloads.text;

import dev.heed.events.EventPayload;
import java.time.Instant;
import java.util.Set;

/**
 * One version of a purpose in the catalogue. The topic is compacted by purpose id, so it holds
 * each purpose's latest version.
 *
 * @param requiresReconsent consents given to earlier versions no longer cover this one
 * @param renewalFromVersion the latest version that required re-consent (1 when none did): a grant
 *     to an earlier version needs renewal. The compacted topic keeps only the latest version, so
 *     it carries this rather than leaving readers to remember every version's flag.
 * @param saleOrSharing processing for this purpose sells or shares personal information (CCPA/CPRA):
 *     an opt-out of sale or sharing (a Global Privacy Control signal, or a request) covers it
 */
public record Purpose(String id, int version, String name, String description, LegalBasis legalBasis,
        Set<String> dataCategories, boolean requiresReconsent, int renewalFromVersion, boolean saleOrSharing,
        String publishedBy, Instant publishedAt) implements EventPayload {

    public Purpose {
        text(id, "id");
        positiveVersion(version, "version");
        text(name, "name");
        optionalText(description, "description");
        required(legalBasis, "legalBasis");
        dataCategories = set(dataCategories);
        positiveVersion(renewalFromVersion, "renewalFromVersion");
        if (renewalFromVersion > version) {
            throw new IllegalArgumentException("renewalFromVersion must not be after version");
        }
        text(publishedBy, "publishedBy");
        required(publishedAt, "publishedAt");
    }

    @Override
    public String kafkaKey() {
        return id;
    }
}
