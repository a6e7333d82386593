package dev.heed.dsr.export;

import java.time.Instant;
import java.util.UUID;

/**
 * What an uploading system gets back: what was stored, to compare with what it will acknowledge.
 *
 * @param replaced an earlier upload of the same system was replaced
 */
public record PartReceipt(UUID directiveId, String systemId, String sha256, long size, String contentType,
        Instant uploadedAt, boolean replaced) {
}
