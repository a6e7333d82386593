package dev.heed.dsr.verification;

/** The answer to a code presented for a request. */
public record VerificationAttempt(Outcome outcome, int attemptsLeft) {

    public enum Outcome {
        /** The right code: the request is verified now. */
        VERIFIED,
        /** A wrong code; {@code attemptsLeft} more may be tried. */
        WRONG_CODE,
        /** The code's time ran out; a new one must be sent. */
        EXPIRED,
        /** Every guess was used up; a new code must be sent (or an operator vouches). */
        LOCKED,
        /** No code was ever sent for the request. */
        NOT_FOUND,
        /** The request was verified before; the code was not looked at. */
        ALREADY_VERIFIED
    }

    static VerificationAttempt of(Outcome outcome) {
        return new VerificationAttempt(outcome, 0);
    }
}
