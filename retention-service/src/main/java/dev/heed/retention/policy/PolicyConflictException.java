package dev.heed.retention.policy;

/** A change a policy cannot take (answered 409). */
public class PolicyConflictException extends RuntimeException {

    public PolicyConflictException(String message) {
        super(message);
    }
}
