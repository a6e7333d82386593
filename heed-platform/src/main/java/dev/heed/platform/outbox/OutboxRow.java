package dev.heed.platform.outbox;

import java.util.Map;

/** An outbox row as the relay reads it; {@code payload} is null for a tombstone. */
public record OutboxRow(long id, String topic, String key, String eventId, String eventType,
        Map<String, String> headers, byte[] payload) {
}
