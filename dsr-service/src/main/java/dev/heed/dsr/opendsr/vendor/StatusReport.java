package dev.heed.dsr.opendsr.vendor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heed.platform.web.InvalidInputException;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * What a vendor said about a request in a verified body: a status response, a callback, or (status
 * {@code pending}) the create response. Read only after the signature verified.
 *
 * @param statusCallbackUrl the URL a callback says it was sent to ({@code null} in other bodies)
 */
record StatusReport(UUID subjectRequestId, String requestStatus, Long resultsCount, String resultsUrl,
        Instant expectedCompletionTime, String statusCallbackUrl) {

    /** A status response or callback; problems name the OpenDSR field and never repeat a value. */
    static StatusReport read(ObjectMapper json, byte[] body) {
        JsonNode root = tree(json, body);
        String status = text(root, "request_status");
        if (status == null || !VendorStatus.ALL.contains(status)) {
            throw new InvalidInputException("request_status", "must be pending, in_progress, completed or cancelled");
        }
        JsonNode count = root.path("results_count");
        Long resultsCount = null;
        if (!count.isMissingNode() && !count.isNull()) {
            if (!count.canConvertToLong() || !count.isIntegralNumber() || count.asLong() < 0) {
                throw new InvalidInputException("results_count", "must be a non-negative integer");
            }
            resultsCount = count.asLong();
        }
        return new StatusReport(id(root), status, resultsCount, text(root, "results_url"),
                time(root, "expected_completion_time"), text(root, "status_callback_url"));
    }

    /** The create response (201): the vendor received the request, which is pending. */
    static StatusReport receipt(ObjectMapper json, byte[] body) {
        JsonNode root = tree(json, body);
        return new StatusReport(id(root), VendorStatus.PENDING, null, null, time(root, "expected_completion_time"),
                null);
    }

    private static JsonNode tree(ObjectMapper json, byte[] body) {
        try {
            JsonNode root = json.readTree(body);
            if (root == null || !root.isObject()) {
                throw new InvalidInputException(null, "the body must be a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw new InvalidInputException(null, "the body is not valid JSON");
        }
    }

    private static UUID id(JsonNode root) {
        String id = text(root, "subject_request_id");
        try {
            if (id != null) {
                return UUID.fromString(id);
            }
        } catch (IllegalArgumentException e) {
            // Named below, like a missing id.
        }
        throw new InvalidInputException("subject_request_id", "must be a UUID");
    }

    private static String text(JsonNode root, String field) {
        JsonNode value = root.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidInputException(field, "must be a string");
        }
        return value.asText();
    }

    private static Instant time(JsonNode root, String field) {
        String value = text(root, field);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "must be an RFC 3339 time");
        }
    }
}
