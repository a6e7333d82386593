package dev.heed.dsr.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.heed.events.EventJson;
import java.util.List;
import java.util.Map;

/** A request's identities and parameters as stored: JSON text. */
final class RequestJson {

    private static final TypeReference<Map<String, List<String>>> IDENTITIES = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, Object>> PARAMETERS = new TypeReference<>() {
    };

    private RequestJson() {
    }

    static String write(Object value) {
        try {
            return EventJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not writable as JSON", e);
        }
    }

    static Map<String, List<String>> identities(String json) {
        return read(json, IDENTITIES);
    }

    static Map<String, Object> parameters(String json) {
        return read(json, PARAMETERS);
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return EventJson.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored request does not parse", e);
        }
    }
}
