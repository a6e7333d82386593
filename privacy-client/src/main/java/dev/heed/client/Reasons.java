package dev.heed.client;

/** Reasons travel to the issuer and the audit log: kept short, and never blank where the contract forbids it. */
final class Reasons {

    static final int MAX_LENGTH = 500;

    private Reasons() {
    }

    static String optional(String reason) {
        return reason == null || reason.isBlank() ? null : shorten(reason.strip());
    }

    static String required(String reason) {
        String kept = optional(reason);
        if (kept == null) {
            throw new IllegalArgumentException("a failure needs a reason");
        }
        return kept;
    }

    private static String shorten(String reason) {
        return reason.length() <= MAX_LENGTH ? reason : reason.substring(0, MAX_LENGTH - 1) + "…";
    }
}
