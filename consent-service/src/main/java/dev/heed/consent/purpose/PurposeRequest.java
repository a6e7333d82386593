package dev.heed.consent.purpose;

import static dev.heed.platform.web.InvalidInputException.requireText;

import dev.heed.platform.web.InvalidInputException;
import dev.heed.events.purpose.LegalBasis;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/v1/purposes}: creates a purpose, or publishes a new version of a
 * known one. Checked as a whole before anything is read or written; a problem names the field
 * and never repeats the value.
 */
@Schema(name = "PurposeRequest")
public record PurposeRequest(
        @Schema(required = true, pattern = IDENTIFIER_REGEX, examples = "marketing-email",
                description = "Lower-case letters, digits, '.', '_' and '-'; matched by equality wherever purposes are routed.")
        String purposeId,

        @Schema(required = true, maxLength = MAX_NAME, examples = "Marketing e-mails")
        String name,

        @Schema(required = true, maxLength = MAX_DESCRIPTION,
                examples = "We send you news about our products by e-mail.")
        String description,

        @Schema(required = true)
        LegalBasis legalBasis,

        @Schema(required = true, description = "Data categories processed for the purpose (at least one).",
                examples = "[\"contact\"]")
        List<String> dataCategories,

        @Schema(description = "A material change: grants given to earlier versions need renewal. False when absent.")
        Boolean material,

        @Schema(description = "Processing for the purpose sells or shares personal information (CCPA/CPRA): an "
                + "opt-out of sale or sharing (a GPC signal or a data-subject request) denies it. False when absent.")
        Boolean saleOrSharing) {

    static final String IDENTIFIER_REGEX = "[a-z0-9][a-z0-9._-]{0,99}";
    static final Pattern IDENTIFIER = Pattern.compile(IDENTIFIER_REGEX);
    static final String IDENTIFIER_RULE =
            "must be 1 to 100 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit";
    static final int MAX_NAME = 200;
    static final int MAX_DESCRIPTION = 4000;
    static final int MAX_ENTRIES = 100;

    /** The validated definition, or an {@link InvalidInputException} naming the first offending field. */
    PurposeDefinition toDefinition() {
        return new PurposeDefinition(validId(purposeId), requireText(name, "name", MAX_NAME),
                requireText(description, "description", MAX_DESCRIPTION), basis(), categories(), Boolean.TRUE.equals(material),
                Boolean.TRUE.equals(saleOrSharing));
    }

    static String validId(String purposeId) {
        if (purposeId == null || !IDENTIFIER.matcher(purposeId).matches()) {
            throw new InvalidInputException("purposeId", IDENTIFIER_RULE);
        }
        // /subjects/{customerId}/consents/history is the history, so no purpose can be checked under that name.
        if (purposeId.equals("history")) {
            throw new InvalidInputException("purposeId", "\"history\" is reserved");
        }
        return purposeId;
    }

    private LegalBasis basis() {
        if (legalBasis == null) {
            throw new InvalidInputException("legalBasis", "is required");
        }
        return legalBasis;
    }

    private Set<String> categories() {
        if (dataCategories == null || dataCategories.isEmpty()) {
            throw new InvalidInputException("dataCategories", "needs at least one entry");
        }
        if (dataCategories.size() > MAX_ENTRIES) {
            throw new InvalidInputException("dataCategories", "must have at most " + MAX_ENTRIES + " entries");
        }
        for (int i = 0; i < dataCategories.size(); i++) {
            String value = dataCategories.get(i);
            if (value == null || !IDENTIFIER.matcher(value).matches()) {
                throw new InvalidInputException("dataCategories[" + i + "]", IDENTIFIER_RULE);
            }
        }
        return new LinkedHashSet<>(dataCategories);
    }
}
