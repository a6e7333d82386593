package dev.heed.directives.outbox;

import java.util.Map;

/** An outbox row as the relay reads it. */
public record OutboxRow(long id, String topic, String key, String eventId, String eventType,
        Map<String, String> headers, byte[] payload) {
}
