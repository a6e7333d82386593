package dev.heed.dsr.export;

import dev.heed.events.dsr.Regulation;
import dev.heed.events.dsr.RequestType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The machine-readable table of contents of a package: one entry per system the request went to,
 * with what it answered and, for an included part, its SHA-256, size and content type.
 */
public record PackageManifest(UUID requestId, Regulation regulation, RequestType type, Instant generatedAt,
        Instant expiresAt, List<SystemEntry> systems) {

    /**
     * @param status {@code INCLUDED} (its part is in the package), {@code NO_DATA} (it holds nothing),
     *     {@code HASH_MISMATCH} (its acknowledged hash is not that of its upload: left out),
     *     {@code FAILED} or {@code NO_ANSWER}
     */
    public record SystemEntry(String systemId, String name, String status, Long records, String sha256, Long size,
            String contentType) {
    }
}
