package dev.heed.consent.check;

import dev.heed.consent.ledger.DecisionRequest;
import dev.heed.platform.web.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of {@code POST /api/v1/consent-checks}. */
@Schema(name = "ConsentCheckRequest")
public record ConsentCheckRequest(
        @Schema(description = "A version token from a write: no answer comes from an older state of that subject "
                + "and purpose.")
        Long version,

        @Schema(required = true, maxItems = MAX_CHECKS)
        List<Item> checks) {

    static final int MAX_CHECKS = 500;

    @Schema(name = "ConsentCheckItem")
    public record Item(@Schema(required = true, examples = "C-1042") String customerId,
            @Schema(required = true, examples = "marketing-email") String purposeId) {

        @Override
        public String toString() {
            return "Item[purposeId=" + purposeId + "]";
        }
    }

    List<CheckQuery> queries() {
        if (checks == null || checks.isEmpty()) {
            throw new InvalidInputException("checks", "is required: 1 to " + MAX_CHECKS + " checks");
        }
        if (checks.size() > MAX_CHECKS) {
            throw new InvalidInputException("checks", "must hold at most " + MAX_CHECKS + " checks");
        }
        if (version != null && version < 0) {
            throw new InvalidInputException("version", "must be a version token a write returned");
        }
        List<CheckQuery> queries = new ArrayList<>(checks.size());
        for (int i = 0; i < checks.size(); i++) {
            Item item = checks.get(i);
            String at = "checks[" + i + "]";
            if (item == null) {
                throw new InvalidInputException(at, "must be an object with customerId and purposeId");
            }
            queries.add(new CheckQuery(DecisionRequest.customerId(item.customerId(), at + ".customerId"),
                    DecisionRequest.purposeId(item.purposeId(), at + ".purposeId")));
        }
        return queries;
    }
}
