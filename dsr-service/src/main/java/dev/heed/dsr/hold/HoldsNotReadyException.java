package dev.heed.dsr.hold;

/** The legal-hold view has not caught up yet; retry later (HTTP 503). */
public class HoldsNotReadyException extends RuntimeException {

    public HoldsNotReadyException() {
        super("the legal-hold view is still catching up");
    }
}
