package dev.heed.audit.ingest;

import java.time.Instant;

/**
 * One received event as the intake table holds it.
 *
 * @param record the stored record as JSON text, identity values already redacted
 */
public record IntakeRow(String eventSource, String eventId, String record, Instant receivedAt) {
}
