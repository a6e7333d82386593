package dev.heed.directives;

/** Where a directive stands. {@code COMPLETED} and {@code PARTIALLY_COMPLETED} are final. */
public enum DirectiveState {
    /** Some recipients have not answered yet and the deadline has not passed. */
    ISSUED,
    /** Every recipient answered done or not applicable (or there were no recipients). */
    COMPLETED,
    /** At least one recipient failed or did not answer by the deadline. */
    PARTIALLY_COMPLETED;

    public boolean isSettled() {
        return this != ISSUED;
    }
}
