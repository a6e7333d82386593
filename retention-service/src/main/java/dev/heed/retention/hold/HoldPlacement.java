package dev.heed.retention.hold;

import dev.heed.events.retention.HoldScope;
import dev.heed.platform.web.InvalidInputException;
import dev.heed.retention.Inputs;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/v1/holds}. Its constraints are checked before anything is read or
 * written, then the rules that depend on the scope; a problem names the field and never repeats
 * the value (customer ids are personal data).
 */
@Schema(name = "HoldPlacement")
public record HoldPlacement(
        @Schema(description = "SUBJECT (customerId), CASE (customerIds) or DATA_CATEGORY "
                + "(dataCategories, for everyone).")
        @NotNull(message = "is required: SUBJECT, CASE or DATA_CATEGORY")
        HoldScope scope,

        @Schema(description = "The held customer, for a SUBJECT hold.", examples = "customer-1001")
        @Pattern(regexp = Inputs.TEXT, message = REQUIRED_TEXT) @Size(max = MAX_TEXT, message = TOO_LONG)
        String customerId,

        @Schema(description = "The customers a CASE covers (at least one).",
                examples = "[\"customer-1001\", \"customer-1002\"]")
        @Size(max = MAX_ENTRIES, message = "must have at most " + MAX_ENTRIES + " entries")
        List<@NotBlank(message = REQUIRED_TEXT) @Size(max = MAX_TEXT, message = TOO_LONG) String> customerIds,

        @Schema(description = "Held data categories: required for DATA_CATEGORY; for SUBJECT and CASE they narrow "
                + "the hold to these categories (all of the subjects' data when absent).", examples = "[\"billing\"]")
        @Size(max = MAX_ENTRIES, message = "must have at most " + MAX_ENTRIES + " entries")
        List<@NotNull(message = CATEGORY_RULE) @Pattern(regexp = Inputs.IDENTIFIER, message = CATEGORY_RULE) String>
                dataCategories,

        @Schema(examples = "case-2026-114")
        @NotBlank(message = REQUIRED_TEXT) @Size(max = MAX_TEXT, message = TOO_LONG)
        String caseReference,

        @Schema(examples = "pending litigation")
        @NotBlank(message = REQUIRED_TEXT) @Size(max = MAX_REASON, message = "must be at most " + MAX_REASON
                + " characters")
        String reason,

        @Schema(description = "When the hold is due for review; today or later.", examples = "2027-01-31")
        LocalDate reviewDate) {

    static final int MAX_TEXT = 200;
    static final int MAX_REASON = 1000;
    static final int MAX_ENTRIES = 1000;
    static final String REQUIRED_TEXT = "is required and must not be blank";
    private static final String TOO_LONG = "must be at most " + MAX_TEXT + " characters";
    /** Categories are matched by equality against the registry's: the same spelling rule. */
    private static final String CATEGORY_RULE =
            "must be 1 to 100 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit";

    /**
     * The definition, once the rules that depend on the scope and on today hold, or an
     * {@link InvalidInputException} naming the first offending field.
     */
    HoldDefinition toDefinition(LocalDate today) {
        List<String> customers = switch (scope) {
            case SUBJECT -> {
                absent(customerIds, "customerIds", "SUBJECT");
                if (customerId == null) {
                    throw new InvalidInputException("customerId", REQUIRED_TEXT);
                }
                yield List.of(customerId.strip());
            }
            case CASE -> {
                absent(customerId, "customerId", "CASE");
                if (customerIds == null || customerIds.isEmpty()) {
                    throw new InvalidInputException("customerIds", "needs at least one entry for a CASE hold");
                }
                Set<String> distinct = new LinkedHashSet<>();
                customerIds.forEach(id -> distinct.add(id.strip()));
                yield List.copyOf(distinct);
            }
            case DATA_CATEGORY -> {
                absent(customerId, "customerId", "DATA_CATEGORY");
                absent(customerIds, "customerIds", "DATA_CATEGORY");
                yield List.of();
            }
        };
        boolean noCategories = dataCategories == null || dataCategories.isEmpty();
        if (scope == HoldScope.DATA_CATEGORY && noCategories) {
            throw new InvalidInputException("dataCategories", "needs at least one entry for a DATA_CATEGORY hold");
        }
        if (reviewDate != null && reviewDate.isBefore(today)) {
            throw new InvalidInputException("reviewDate", "must be today or later");
        }
        return new HoldDefinition(scope, customers, noCategories ? Set.of() : Set.copyOf(dataCategories),
                caseReference.strip(), reason.strip(), reviewDate);
    }

    private static void absent(Object value, String field, String scope) {
        if (value != null) {
            throw new InvalidInputException(field, "is not allowed for a " + scope + " hold");
        }
    }
}
