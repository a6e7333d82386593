package dev.heed.consent.ledger;

import dev.heed.platform.web.InvalidInputException;
import dev.heed.events.consent.ConsentChannel;
import dev.heed.events.consent.Decision;
import java.time.Instant;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/v1/consents}. Checked as a whole before anything is read or
 * written; a problem names the field and never repeats the value (least of all the customer id).
 */
@Schema(name = "DecisionRequest")
public record DecisionRequest(
        @Schema(required = true, maxLength = MAX_CUSTOMER_ID, examples = "C-1042",
                description = "The controller's customer id. Never stored: the ledger keeps the subject key only.")
        String customerId,

        @Schema(required = true, examples = "marketing-email", description = "A purpose of the catalogue; "
                + "the decision is recorded against its latest version.")
        String purposeId,

        @Schema(required = true, enumeration = {"GRANTED", "DENIED", "WITHDRAWN"})
        Decision decision,

        @Schema(required = true, enumeration = {"WEB", "APP", "SUPPORT_AGENT", "PHONE", "EMAIL", "IMPORT"})
        ConsentChannel channel,

        @Schema(maxLength = MAX_TEXT, description = "Who or what collected the decision: a form or app id. "
                + "A support agent's decision is always collected by the agent (their token's user name).")
        String collectorId,

        @Schema(maxLength = MAX_TEXT, examples = "2026-03")
        String noticeVersion,

        @Schema(description = "When a grant lapses; only for GRANTED, and in the future.")
        Instant expiresAt,

        @Schema(pattern = JURISDICTION_REGEX, examples = "US-CA",
                description = "ISO 3166-1 alpha-2, or ISO 3166-2 subdivision")
        String jurisdiction,

        @Schema(description = "The decision came from a Global Privacy Control signal. False when absent.")
        Boolean gpc) {

    static final int MAX_CUSTOMER_ID = 200;
    static final int MAX_TEXT = 200;
    static final Pattern PURPOSE_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    static final String JURISDICTION_REGEX = "[A-Z]{2}(-[A-Z0-9]{1,3})?";
    static final Pattern JURISDICTION = Pattern.compile(JURISDICTION_REGEX);

    /**
     * The validated command, or an {@link InvalidInputException} naming the first offending field.
     *
     * @param caller            the token's user name
     * @param callerIsAgent     the caller records as a support agent (and not as an administrator)
     * @param now               the service's clock
     */
    DecisionCommand toCommand(String caller, boolean callerIsAgent, Instant now) {
        String customer = customerId(customerId);
        String purpose = purposeId(purposeId);
        if (decision == null) {
            throw new InvalidInputException("decision", "is required: GRANTED, DENIED or WITHDRAWN");
        }
        if (decision == Decision.EXPIRED) {
            throw new InvalidInputException("decision", "must be GRANTED, DENIED or WITHDRAWN: expiry is not recorded by callers");
        }
        if (channel == null) {
            throw new InvalidInputException("channel", "is required");
        }
        if (channel == ConsentChannel.DATA_SUBJECT_REQUEST) {
            throw new InvalidInputException("channel",
                    "DATA_SUBJECT_REQUEST is recorded only from dsr-service's requests");
        }
        String collector = optional(collectorId, "collectorId");
        if (callerIsAgent || channel == ConsentChannel.SUPPORT_AGENT) {
            if (collector != null && !collector.equals(caller)) {
                throw new InvalidInputException("collectorId",
                        "must be the support agent's own user name (the token's), or absent");
            }
            collector = caller;
        }
        if (expiresAt != null) {
            if (decision != Decision.GRANTED) {
                throw new InvalidInputException("expiresAt", "only a grant can have an expiry");
            }
            if (!expiresAt.isAfter(now)) {
                throw new InvalidInputException("expiresAt", "must be in the future");
            }
        }
        String place = optional(jurisdiction, "jurisdiction");
        if (place != null && !JURISDICTION.matcher(place).matches()) {
            throw new InvalidInputException("jurisdiction",
                    "must be an ISO 3166-1 alpha-2 code or an ISO 3166-2 subdivision, e.g. DE or US-CA");
        }
        return new DecisionCommand(customer, purpose, decision, channel, collector,
                optional(noticeVersion, "noticeVersion"), expiresAt, place, Boolean.TRUE.equals(gpc));
    }

    static String customerId(String value) {
        return customerId(value, "customerId");
    }

    /** A customer id as every endpoint takes it; {@code field} names it in the problem. */
    public static String customerId(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is required and must not be blank");
        }
        if (value.length() > MAX_CUSTOMER_ID) {
            throw new InvalidInputException(field, "must be at most " + MAX_CUSTOMER_ID + " characters");
        }
        return value;
    }

    static String purposeId(String value) {
        return purposeId(value, "purposeId");
    }

    /** A purpose id as every endpoint takes it; {@code field} names it in the problem. */
    public static String purposeId(String value, String field) {
        if (value == null || !PURPOSE_ID.matcher(value).matches()) {
            throw new InvalidInputException(field,
                    "is required: 1 to 100 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return value;
    }

    private static String optional(String value, String field) {
        if (value == null) {
            return null;
        }
        if (value.isBlank()) {
            throw new InvalidInputException(field, "must not be blank when present");
        }
        if (value.strip().length() > MAX_TEXT) {
            throw new InvalidInputException(field, "must be at most " + MAX_TEXT + " characters");
        }
        return value.strip();
    }

    /** The customer id is a raw identifier: keep it out of logs. */
    @Override
    public String toString() {
        return "DecisionRequest[purposeId=" + purposeId + ", decision=" + decision + ", channel=" + channel + "]";
    }
}
