package dev.heed.consent.check;

import dev.heed.consent.ledger.DecisionRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /api/v1/consent-checks}. */
@Schema(name = "ConsentCheckRequest")
public record ConsentCheckRequest(
        @Schema(description = "A version token from a write: no answer comes from an older state of that subject "
                + "and purpose.")
        @PositiveOrZero(message = VERSION_RULE)
        Long version,

        @NotEmpty(message = "is required: 1 to " + MAX_CHECKS + " checks")
        @Size(max = MAX_CHECKS, message = "must hold at most " + MAX_CHECKS + " checks")
        List<@NotNull(message = "must be an object with customerId and purposeId") @Valid Item> checks) {

    static final int MAX_CHECKS = 500;
    static final String VERSION_RULE = "must be a version token a write returned";

    @Schema(name = "ConsentCheckItem")
    public record Item(
            @Schema(examples = "C-1042")
            @NotBlank(message = DecisionRequest.CUSTOMER_ID_REQUIRED)
            @Size(max = DecisionRequest.MAX_CUSTOMER_ID, message = DecisionRequest.CUSTOMER_ID_TOO_LONG)
            String customerId,

            @Schema(examples = "marketing-email")
            @NotNull(message = DecisionRequest.PURPOSE_ID_RULE)
            @Pattern(regexp = DecisionRequest.PURPOSE_ID, message = DecisionRequest.PURPOSE_ID_RULE)
            String purposeId) {

        @Override
        public String toString() {
            return "Item[purposeId=" + purposeId + "]";
        }
    }

    List<CheckQuery> queries() {
        return checks.stream().map(item -> new CheckQuery(item.customerId(), item.purposeId())).toList();
    }
}
