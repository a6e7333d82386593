package dev.heed.dsr.request;

import dev.heed.platform.web.InvalidInputException;
import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestType;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/v1/requests}: an operator files a request for a customer whose
 * identity they verified. Problems name the field and never repeat a value; the field rules are
 * declared (Bean Validation, which OpenAPI shows too), the rules across fields are {@link #toCommand}'s.
 */
@Schema(name = "RequestSubmission")
public record RequestSubmission(
        @NotNull RequestType type,
        @NotNull Regulation regulation,
        @Size(max = MAX_CUSTOMER_ID) @Schema(examples = "C-1042",
                description = "The controller's customer id, when known. Never stored: only the subject key is.")
        String customerId,
        @Schema(description = "Verified identities by kind (email, phone), for systems that do not know the "
                + "customer id. Kept only while the request is open.")
        Map<String, List<String>> identities,
        @Schema(description = "For OBJECTION: the purpose objected to (all purposes when absent).")
        String purposeId,
        @Schema(description = "For RECTIFICATION: the corrected values, by field. Kept only while the request is open.")
        Map<String, Object> parameters,
        @NotBlank @Size(max = MAX_NOTE) @Schema(examples = "ID card checked at the counter",
                description = "How the operator verified the customer's identity.")
        String verificationNote) {

    static final int MAX_CUSTOMER_ID = 200;
    static final int MAX_NOTE = 500;
    private static final int MAX_IDENTITIES = 10;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,255}");
    private static final Pattern PHONE = Pattern.compile("\\+[0-9]{6,15}");
    private static final Pattern PURPOSE_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    RequestCommand toCommand() {
        optOutRegulation(type, regulation);
        String customer = customerId == null ? null : customerId.strip();
        if (customer != null && customer.isEmpty()) {
            throw new InvalidInputException("customerId", "must be 1 to " + MAX_CUSTOMER_ID + " characters");
        }
        if (type == RequestType.OPT_OUT_OF_SALE && customer == null) {
            throw new InvalidInputException("customerId",
                    "is required for OPT_OUT_OF_SALE: consent-service records opt-outs per customer");
        }
        Map<String, List<String>> verified = identities(identities);
        if (customer == null && verified.isEmpty()) {
            throw new InvalidInputException("customerId", "a customer id or at least one identity is required");
        }
        if (purposeId != null && (type != RequestType.OBJECTION || !PURPOSE_ID.matcher(purposeId).matches())) {
            throw new InvalidInputException("purposeId", "is only for an OBJECTION, and must be a purpose id");
        }
        if (type == RequestType.RECTIFICATION && (parameters == null || parameters.isEmpty())) {
            throw new InvalidInputException("parameters", "a RECTIFICATION needs the corrected values");
        }
        if (type != RequestType.RECTIFICATION && parameters != null && !parameters.isEmpty()) {
            throw new InvalidInputException("parameters", "only a RECTIFICATION carries parameters");
        }
        return new RequestCommand(type, regulation, customer, verified, purposeId,
                parameters == null ? Map.of() : Map.copyOf(parameters), verificationNote.strip());
    }

    /**
     * Only the CCPA/CPRA has a right to opt out of sale or sharing; elsewhere the same wish is an
     * objection to processing (deadlines.json maps it so), which the systems act on themselves.
     */
    static void optOutRegulation(RequestType type, Regulation regulation) {
        if (type == RequestType.OPT_OUT_OF_SALE && regulation != Regulation.CCPA) {
            throw new InvalidInputException("regulation",
                    "OPT_OUT_OF_SALE is a CCPA right; under " + regulation + " file an OBJECTION");
        }
    }

    private static Map<String, List<String>> identities(Map<String, List<String>> given) {
        if (given == null || given.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> verified = new LinkedHashMap<>();
        int count = 0;
        for (Map.Entry<String, List<String>> kind : given.entrySet()) {
            String field = "identities." + kind.getKey();
            Pattern format = switch (kind.getKey()) {
                case "email" -> EMAIL;
                case "phone" -> PHONE;
                default -> throw new InvalidInputException("identities", "kinds are email and phone");
            };
            if (kind.getValue() == null || kind.getValue().isEmpty()) {
                throw new InvalidInputException(field, "must list at least one value");
            }
            for (String value : kind.getValue()) {
                if (value == null || !format.matcher(value.strip()).matches()) {
                    throw new InvalidInputException(field, "holds a value that is not a valid " + kind.getKey());
                }
            }
            count += kind.getValue().size();
            verified.put(kind.getKey(), kind.getValue().stream().map(v -> v.strip().toLowerCase(Locale.ROOT)).toList());
        }
        if (count > MAX_IDENTITIES) {
            throw new InvalidInputException("identities", "at most " + MAX_IDENTITIES + " values");
        }
        return verified;
    }

    /** A requester's e-mail address, trimmed and in lower case, or a problem naming {@code field}. */
    static String email(String value, String field) {
        if (value == null || !EMAIL.matcher(value.strip()).matches()) {
            throw new InvalidInputException(field, "must be an e-mail address");
        }
        return value.strip().toLowerCase(Locale.ROOT);
    }

    /** Identities and the customer id are personal data: keep them out of logs. */
    @Override
    public String toString() {
        return "RequestSubmission[type=" + type + ", regulation=" + regulation + "]";
    }
}
