package dev.heed.dsr.opendsr;

/**
 * A request OpenDSR answers with 400 and its error object. The message names the field and the
 * rule, never a value: an identity must not come back in an error.
 */
public class OpenDsrRefusal extends RuntimeException {

    private final String reason;

    public OpenDsrRefusal(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
