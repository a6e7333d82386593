package dev.heed.consent.purpose;

import dev.heed.events.purpose.LegalBasis;
import java.util.Set;

/**
 * What an administrator says about a purpose, once validated.
 *
 * @param material whether this change requires re-consent (meaningful for a new version of a known purpose)
 * @param saleOrSharing processing for the purpose sells or shares personal information: opt-outs cover it
 */
record PurposeDefinition(String purposeId, String name, String description, LegalBasis legalBasis,
        Set<String> dataCategories, boolean material, boolean saleOrSharing) {

    PurposeDefinition {
        dataCategories = Set.copyOf(dataCategories);
    }
}
