package dev.heed.dsr.notice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.heed.events.EventJson;
import java.util.List;
import java.util.Map;

/** Where a notice to the customer goes: the first verified e-mail address among a request's stored identities. */
public final class NoticeAddress {

    private static final TypeReference<Map<String, List<String>>> IDENTITIES = new TypeReference<>() {
    };

    private NoticeAddress() {
    }

    /** @param identities the request's identities as stored (JSON, kind to values), or null; yields null without one */
    public static String email(String identities) {
        if (identities == null) {
            return null;
        }
        try {
            List<String> emails = EventJson.mapper().readValue(identities, IDENTITIES).get("email");
            return emails == null || emails.isEmpty() ? null : emails.get(0);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored request's identities do not parse", e);
        }
    }
}
