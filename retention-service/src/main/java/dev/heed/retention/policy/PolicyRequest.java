package dev.heed.retention.policy;

import dev.heed.events.SystemId;
import dev.heed.events.retention.RetentionAction;
import dev.heed.events.retention.RetentionAnchor;
import dev.heed.retention.Inputs;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Period;

/**
 * A policy as an administrator writes it: the body of {@code POST /api/v1/policies}. Rules that
 * need no other data are its constraints, so a bad body is a 400 naming the field.
 *
 * @param retainFor ISO-8601 period after the anchor, positive (e.g. {@code P6Y})
 * @param gracePeriod after consent for {@code purposeId} is withdrawn, how long a subject's data stays
 * @param reason why; required for every version after the first
 */
@PurposeForConsentClock
public record PolicyRequest(
        @NotNull(message = REQUIRED) @Pattern(regexp = Inputs.IDENTIFIER, message = Inputs.IDENTIFIER_RULE)
        String policyId,

        @NotBlank(message = REQUIRED) @Size(max = 100, message = "must be 1-100 characters")
        String dataCategory,

        @Pattern(regexp = Inputs.TEXT, message = "must be 1-100 characters")
        @Size(max = 100, message = "must be 1-100 characters")
        String purposeId,

        @Pattern(regexp = SystemId.REGEX, message = "must be 2-63 of a-z, 0-9, '-', starting with a letter or digit")
        String systemId,

        @NotNull(message = REQUIRED) @PositivePeriod
        Period retainFor,

        @NotNull(message = REQUIRED)
        RetentionAnchor anchor,

        @NotNull(message = REQUIRED)
        RetentionAction action,

        @Pattern(regexp = Inputs.TEXT, message = "must be 1-" + MAX_TEXT + " characters")
        @Size(max = MAX_TEXT, message = "must be 1-" + MAX_TEXT + " characters")
        String legalReference,

        @NotBlank(message = REQUIRED) @Size(max = 200, message = "must be 1-200 characters")
        String owner,

        @Pattern(regexp = Inputs.TEXT, message = "must be 1-" + MAX_TEXT + " characters")
        @Size(max = MAX_TEXT, message = "must be 1-" + MAX_TEXT + " characters")
        String reason,

        @PositivePeriod
        Period gracePeriod) {

    static final int MAX_TEXT = 500;
    private static final String REQUIRED = "is required";
}
