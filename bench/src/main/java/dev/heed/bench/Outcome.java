package dev.heed.bench;

/**
 * How one call ended.
 *
 * @param tag for a success, what to count it under (a check's {@code answeredFrom}), or {@code null};
 *     for a failure, why it failed (an HTTP status or an exception's class)
 */
record Outcome(boolean ok, String tag) {

    static final Outcome OK = new Outcome(true, null);

    static Outcome ok(String tag) {
        return new Outcome(true, tag);
    }

    static Outcome failed(String reason) {
        return new Outcome(false, reason);
    }
}
