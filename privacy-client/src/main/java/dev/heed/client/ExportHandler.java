package dev.heed.client;

/**
 * Produces a subject's data for an {@link Export}. The client uploads what it returns and answers
 * with the upload's reference and SHA-256; if the upload fails, the whole attempt (handler
 * included) is retried, so producing the export must have no side effects that matter twice.
 */
@FunctionalInterface
public interface ExportHandler {

    ExportResult export(Export export) throws Exception;
}
