package dev.heed.consent.erasure;

/** A new grant for a subject that was erased: refused (409), and nothing is written. */
public class SubjectErasedException extends RuntimeException {

    public SubjectErasedException() {
        super("the subject was erased by a data-subject request: new consent grants are refused; withdrawals, "
                + "objections and opt-outs are still recorded");
    }
}
