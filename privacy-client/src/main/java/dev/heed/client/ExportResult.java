package dev.heed.client;

import java.util.Objects;

/** What an export handler answers: the data to upload, or why there is none. */
public sealed interface ExportResult permits ExportResult.Exported, DirectiveResult.NotApplicable,
        DirectiveResult.Failed {

    static Exported exported(byte[] data, String contentType, long recordsAffected) {
        return new Exported(data, contentType, recordsAffected);
    }

    static DirectiveResult.NotApplicable notApplicable(String reason) {
        return new DirectiveResult.NotApplicable(reason);
    }

    static DirectiveResult.Failed failed(String reason) {
        return new DirectiveResult.Failed(reason);
    }

    /**
     * The subject's data, whole, in memory: the client hashes it and hands it to the uploader.
     *
     * @param contentType e.g. {@code application/json} or {@code application/zip}
     * @param recordsAffected how many records the export holds
     */
    record Exported(byte[] data, String contentType, long recordsAffected) implements ExportResult {
        public Exported {
            Objects.requireNonNull(data, "data");
            if (contentType == null || contentType.isBlank()) {
                throw new IllegalArgumentException("contentType is required");
            }
            if (recordsAffected < 0) {
                throw new IllegalArgumentException("recordsAffected must not be negative");
            }
        }

        // The bytes are personal data: never in a log line.
        @Override
        public String toString() {
            return "Exported[" + data.length + " bytes, " + contentType + ", records=" + recordsAffected + "]";
        }
    }
}
