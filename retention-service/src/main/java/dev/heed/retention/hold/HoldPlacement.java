package dev.heed.retention.hold;

import static dev.heed.platform.web.InvalidInputException.requireText;

import dev.heed.platform.web.InvalidInputException;
import dev.heed.events.retention.HoldScope;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/v1/holds}. Checked as a whole before anything is read or written;
 * a problem names the field and never repeats the value (customer ids are personal data).
 */
@Schema(name = "HoldPlacement")
public record HoldPlacement(
        @Schema(required = true, description = "SUBJECT (customerId), CASE (customerIds) or DATA_CATEGORY "
                + "(dataCategories, for everyone).")
        HoldScope scope,

        @Schema(description = "The held customer, for a SUBJECT hold.", examples = "customer-1001")
        String customerId,

        @Schema(description = "The customers a CASE covers (at least one).",
                examples = "[\"customer-1001\", \"customer-1002\"]")
        List<String> customerIds,

        @Schema(description = "Held data categories: required for DATA_CATEGORY; for SUBJECT and CASE they narrow "
                + "the hold to these categories (all of the subjects' data when absent).", examples = "[\"billing\"]")
        List<String> dataCategories,

        @Schema(required = true, maxLength = MAX_TEXT, examples = "case-2026-114")
        String caseReference,

        @Schema(required = true, maxLength = MAX_REASON, examples = "pending litigation")
        String reason,

        @Schema(description = "When the hold is due for review; today or later.", examples = "2027-01-31")
        LocalDate reviewDate) {

    static final int MAX_TEXT = 200;
    static final int MAX_REASON = 1000;
    static final int MAX_ENTRIES = 1000;
    /** Categories are matched by equality against the registry's: the same spelling rule. */
    static final Pattern CATEGORY = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    /** The validated definition, or an {@link InvalidInputException} naming the first offending field. */
    HoldDefinition toDefinition(LocalDate today) {
        if (scope == null) {
            throw new InvalidInputException("scope", "is required: SUBJECT, CASE or DATA_CATEGORY");
        }
        List<String> customers = switch (scope) {
            case SUBJECT -> {
                absent(customerIds, "customerIds", "SUBJECT");
                yield List.of(requireText(customerId, "customerId", MAX_TEXT));
            }
            case CASE -> {
                absent(customerId, "customerId", "CASE");
                yield customers();
            }
            case DATA_CATEGORY -> {
                absent(customerId, "customerId", "DATA_CATEGORY");
                absent(customerIds, "customerIds", "DATA_CATEGORY");
                yield List.of();
            }
        };
        Set<String> categories = categories(scope == HoldScope.DATA_CATEGORY);
        String reference = requireText(caseReference, "caseReference", MAX_TEXT);
        String why = requireText(reason, "reason", MAX_REASON);
        if (reviewDate != null && reviewDate.isBefore(today)) {
            throw new InvalidInputException("reviewDate", "must be today or later");
        }
        return new HoldDefinition(scope, customers, categories, reference, why, reviewDate);
    }

    private List<String> customers() {
        if (customerIds == null || customerIds.isEmpty()) {
            throw new InvalidInputException("customerIds", "needs at least one entry for a CASE hold");
        }
        if (customerIds.size() > MAX_ENTRIES) {
            throw new InvalidInputException("customerIds", "must have at most " + MAX_ENTRIES + " entries");
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (int i = 0; i < customerIds.size(); i++) {
            distinct.add(requireText(customerIds.get(i), "customerIds[" + i + "]", MAX_TEXT));
        }
        return List.copyOf(distinct);
    }

    private Set<String> categories(boolean required) {
        if (dataCategories == null || dataCategories.isEmpty()) {
            if (required) {
                throw new InvalidInputException("dataCategories", "needs at least one entry for a DATA_CATEGORY hold");
            }
            return Set.of();
        }
        if (dataCategories.size() > MAX_ENTRIES) {
            throw new InvalidInputException("dataCategories", "must have at most " + MAX_ENTRIES + " entries");
        }
        for (int i = 0; i < dataCategories.size(); i++) {
            String category = dataCategories.get(i);
            if (category == null || !CATEGORY.matcher(category).matches()) {
                throw new InvalidInputException("dataCategories[" + i + "]",
                        "must be 1 to 100 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
            }
        }
        return Set.copyOf(dataCategories);
    }

    private static void absent(Object value, String field, String scope) {
        if (value != null) {
            throw new InvalidInputException(field, "is not allowed for a " + scope + " hold");
        }
    }
}
