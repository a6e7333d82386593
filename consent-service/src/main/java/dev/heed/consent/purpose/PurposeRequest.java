package dev.heed.consent.purpose;

import dev.heed.events.purpose.LegalBasis;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashSet;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/v1/purposes}: creates a purpose, or publishes a new version of a
 * known one. Its constraints are checked before anything is read or written; a problem names the
 * field and never repeats the value.
 */
@Schema(name = "PurposeRequest")
public record PurposeRequest(
        @Schema(examples = "marketing-email",
                description = "Lower-case letters, digits, '.', '_' and '-'; matched by equality wherever purposes are routed.")
        @NotNull(message = IDENTIFIER_RULE) @Pattern(regexp = IDENTIFIER, message = IDENTIFIER_RULE)
        @Pattern(regexp = NOT_RESERVED, message = RESERVED)
        String purposeId,

        @Schema(examples = "Marketing e-mails")
        @NotBlank(message = REQUIRED_TEXT) @Size(max = MAX_NAME, message = "must be at most " + MAX_NAME + " characters")
        String name,

        @Schema(examples = "We send you news about our products by e-mail.")
        @NotBlank(message = REQUIRED_TEXT)
        @Size(max = MAX_DESCRIPTION, message = "must be at most " + MAX_DESCRIPTION + " characters")
        String description,

        @NotNull(message = "is required")
        LegalBasis legalBasis,

        @Schema(description = "Data categories processed for the purpose (at least one).", examples = "[\"contact\"]")
        @NotEmpty(message = "needs at least one entry")
        @Size(max = MAX_ENTRIES, message = "must have at most " + MAX_ENTRIES + " entries")
        List<@NotNull(message = IDENTIFIER_RULE) @Pattern(regexp = IDENTIFIER, message = IDENTIFIER_RULE) String>
                dataCategories,

        @Schema(description = "A material change: grants given to earlier versions need renewal. False when absent.")
        Boolean material,

        @Schema(description = "Processing for the purpose sells or shares personal information (CCPA/CPRA): an "
                + "opt-out of sale or sharing (a GPC signal or a data-subject request) denies it. False when absent.")
        Boolean saleOrSharing) {

    static final String IDENTIFIER = "[a-z0-9][a-z0-9._-]{0,99}";
    static final String IDENTIFIER_RULE =
            "must be 1 to 100 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit";
    /** /subjects/{customerId}/consents/history is the history, so no purpose can be checked under that name. */
    static final String NOT_RESERVED = "(?!history$).*";
    static final String RESERVED = "\"history\" is reserved";
    static final int MAX_NAME = 200;
    static final int MAX_DESCRIPTION = 4000;
    static final int MAX_ENTRIES = 100;
    private static final String REQUIRED_TEXT = "is required and must not be blank";

    PurposeDefinition toDefinition() {
        return new PurposeDefinition(purposeId, name.strip(), description.strip(), legalBasis,
                new LinkedHashSet<>(dataCategories), Boolean.TRUE.equals(material), Boolean.TRUE.equals(saleOrSharing));
    }
}
