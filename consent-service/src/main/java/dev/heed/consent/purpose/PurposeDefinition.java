package dev.heed.consent.purpose;

import dev.heed.events.purpose.LegalBasis;
import java.util.Set;

/**
 * What an administrator says about a purpose, once validated.
 *
 * @param material whether this change requires re-consent (meaningful for a new version of a known purpose)
 */
record PurposeDefinition(String purposeId, String name, String description, LegalBasis legalBasis,
        Set<String> dataCategories, boolean material) {

    PurposeDefinition {
        dataCategories = Set.copyOf(dataCategories);
    }
}
