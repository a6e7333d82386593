package dev.heed.client;

/**
 * What a handler answers. Returning {@link Failed} is a final answer (no retry); throwing is a
 * transient error that the client retries with backoff before it dead-letters the directive.
 */
public sealed interface DirectiveResult permits DirectiveResult.Done, DirectiveResult.NotApplicable,
        DirectiveResult.Failed {

    static Done done(long recordsAffected) {
        return new Done(recordsAffected);
    }

    static NotApplicable notApplicable(String reason) {
        return new NotApplicable(reason);
    }

    static Failed failed(String reason) {
        return new Failed(reason);
    }

    /** Carried out; {@code recordsAffected} is what the directive touched (rows erased, fields corrected, ...). */
    record Done(long recordsAffected) implements DirectiveResult {
        public Done {
            if (recordsAffected < 0) {
                throw new IllegalArgumentException("recordsAffected must not be negative");
            }
        }
    }

    /**
     * The system holds nothing the directive applies to.
     *
     * @param reason optional; goes to the issuer and the audit log, so no personal data
     */
    record NotApplicable(String reason) implements DirectiveResult, ExportResult {
        public NotApplicable {
            reason = Reasons.optional(reason);
        }
    }

    /**
     * The system could not carry it out and will not by retrying (e.g. a local legal hold).
     *
     * @param reason required; goes to the issuer and the audit log, so no personal data
     */
    record Failed(String reason) implements DirectiveResult, ExportResult {
        public Failed {
            reason = Reasons.required(reason);
        }
    }
}
