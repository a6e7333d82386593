package dev.heed.consent.purpose;

import dev.heed.events.purpose.LegalBasis;
import java.time.Instant;
import java.util.List;

/**
 * One version of a purpose as the API shows it.
 *
 * @param requiresReconsent a material change: grants given to earlier versions need renewal
 * @param renewalFromVersion the latest version that required re-consent (1 when none did)
 * @param saleOrSharing processing for it sells or shares personal information: opt-outs deny it
 */
public record PurposeResponse(String purposeId, int version, String name, String description, LegalBasis legalBasis,
        List<String> dataCategories, boolean requiresReconsent, int renewalFromVersion, boolean saleOrSharing,
        Instant createdAt, String createdBy) {

    static PurposeResponse of(PurposeVersion purpose) {
        return new PurposeResponse(purpose.purposeId, purpose.version, purpose.name, purpose.description,
                purpose.legalBasis, List.copyOf(purpose.dataCategories), purpose.requiresReconsent,
                purpose.renewalFromVersion, purpose.saleOrSharing, purpose.createdAt, purpose.createdBy);
    }
}
