package dev.heed.dsr.opendsr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON bodies OpenDSR defines, rendered once to the bytes that are signed and sent. Field names
 * and order are the spec's; times are RFC 3339 in UTC, to the second.
 */
public final class OpenDsrBodies {

    public static final String API_VERSION = "2.0";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private OpenDsrBodies() {
    }

    public static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    public static byte[] status(String controllerId, UUID id, OpenDsrStatus status, Instant expected) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("controller_id", controllerId);
        body.put("expected_completion_time", time(expected));
        body.put("subject_request_id", id.toString());
        body.put("request_status", status.wire());
        body.put("api_version", API_VERSION);
        return bytes(body);
    }

    public static byte[] callback(String controllerId, UUID id, OpenDsrStatus status, Instant expected, String url) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("controller_id", controllerId);
        body.put("expected_completion_time", time(expected));
        body.put("status_callback_url", url);
        body.put("subject_request_id", id.toString());
        body.put("request_status", status.wire());
        return bytes(body);
    }

    /** The error object of spec section 7.6; {@code message} never holds a value from the request. */
    public static byte[] error(int code, String reason, String message) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("domain", code == 400 ? "Validation" : "Request");
        detail.put("reason", reason);
        detail.put("message", message);
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("errors", List.of(detail));
        return bytes(Map.of("error", error));
    }

    public static byte[] bytes(Map<String, ?> body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
