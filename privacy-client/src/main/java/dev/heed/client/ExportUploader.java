package dev.heed.client;

/**
 * Puts an export where the issuer can fetch it; the data never travels on Kafka. The upload may
 * be repeated for the same directive (retries, re-delivery), so it should overwrite, not append.
 */
@FunctionalInterface
public interface ExportUploader {

    /**
     * @param sha256 lower-case hex SHA-256 of {@code data}, also sent in the acknowledgement
     * @return the reference the acknowledgement carries (where the export is); no personal data and no secrets
     * @throws Exception a failed upload; the attempt is retried like a failing handler
     */
    String upload(Export export, byte[] data, String contentType, String sha256) throws Exception;
}
