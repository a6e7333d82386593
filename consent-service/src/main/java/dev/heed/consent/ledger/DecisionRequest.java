package dev.heed.consent.ledger;

import dev.heed.platform.web.InvalidInputException;
import dev.heed.events.consent.ConsentChannel;
import dev.heed.events.consent.Decision;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/v1/consents}. Its constraints are checked before anything is read
 * or written, then the rules that depend on the caller, the clock or other fields; a problem
 * names the field and never repeats the value (least of all the customer id).
 */
@Schema(name = "DecisionRequest")
public record DecisionRequest(
        @Schema(examples = "C-1042",
                description = "The controller's customer id. Never stored: the ledger keeps the subject key only.")
        @NotBlank(message = CUSTOMER_ID_REQUIRED) @Size(max = MAX_CUSTOMER_ID, message = CUSTOMER_ID_TOO_LONG)
        String customerId,

        @Schema(examples = "marketing-email", description = "A purpose of the catalogue; "
                + "the decision is recorded against its latest version.")
        @NotNull(message = PURPOSE_ID_RULE) @Pattern(regexp = PURPOSE_ID, message = PURPOSE_ID_RULE)
        String purposeId,

        @Schema(enumeration = {"GRANTED", "DENIED", "WITHDRAWN"})
        @NotNull(message = "is required: GRANTED, DENIED or WITHDRAWN")
        Decision decision,

        @Schema(enumeration = {"WEB", "APP", "SUPPORT_AGENT", "PHONE", "EMAIL", "IMPORT"})
        @NotNull(message = "is required")
        ConsentChannel channel,

        @Schema(description = "Who or what collected the decision: a form or app id. "
                + "A support agent's decision is always collected by the agent (their token's user name).")
        @Pattern(regexp = PRESENT, message = BLANK) @Size(max = MAX_TEXT, message = TEXT_TOO_LONG)
        String collectorId,

        @Schema(examples = "2026-03")
        @Pattern(regexp = PRESENT, message = BLANK) @Size(max = MAX_TEXT, message = TEXT_TOO_LONG)
        String noticeVersion,

        @Schema(description = "When a grant lapses; only for GRANTED, and in the future.")
        Instant expiresAt,

        @Schema(examples = "US-CA", description = "ISO 3166-1 alpha-2, or ISO 3166-2 subdivision")
        @Pattern(regexp = JURISDICTION, message = "must be an ISO 3166-1 alpha-2 code or an ISO 3166-2 subdivision, "
                + "e.g. DE or US-CA")
        String jurisdiction,

        @Schema(description = "The decision came from a Global Privacy Control signal. False when absent.")
        Boolean gpc) {

    public static final int MAX_CUSTOMER_ID = 200;
    public static final String CUSTOMER_ID_REQUIRED = "is required and must not be blank";
    public static final String CUSTOMER_ID_TOO_LONG = "must be at most " + MAX_CUSTOMER_ID + " characters";
    public static final String PURPOSE_ID = "[a-z0-9][a-z0-9._-]{0,99}";
    public static final String PURPOSE_ID_RULE =
            "is required: 1 to 100 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit";
    static final int MAX_TEXT = 200;
    static final String JURISDICTION = "[A-Z]{2}(-[A-Z0-9]{1,3})?";
    /** Optional text that, when present, is not blank. */
    private static final String PRESENT = "[\\s\\S]*\\S[\\s\\S]*";
    private static final String BLANK = "must not be blank when present";
    private static final String TEXT_TOO_LONG = "must be at most " + MAX_TEXT + " characters";

    /**
     * The command, once the rules that depend on the caller, the clock or other fields hold, or an
     * {@link InvalidInputException} naming the first offending field.
     *
     * @param caller            the token's user name
     * @param callerIsAgent     the caller records as a support agent (and not as an administrator)
     * @param now               the service's clock
     */
    DecisionCommand toCommand(String caller, boolean callerIsAgent, Instant now) {
        if (decision == Decision.EXPIRED) {
            throw new InvalidInputException("decision", "must be GRANTED, DENIED or WITHDRAWN: expiry is not recorded by callers");
        }
        if (channel == ConsentChannel.DATA_SUBJECT_REQUEST) {
            throw new InvalidInputException("channel",
                    "DATA_SUBJECT_REQUEST is recorded only from dsr-service's requests");
        }
        String collector = collectorId == null ? null : collectorId.strip();
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
        return new DecisionCommand(customerId, purposeId, decision, channel, collector,
                noticeVersion == null ? null : noticeVersion.strip(), expiresAt, jurisdiction,
                Boolean.TRUE.equals(gpc));
    }

    /** The customer id is a raw identifier: keep it out of logs. */
    @Override
    public String toString() {
        return "DecisionRequest[purposeId=" + purposeId + ", decision=" + decision + ", channel=" + channel + "]";
    }
}
