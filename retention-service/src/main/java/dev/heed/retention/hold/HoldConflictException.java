package dev.heed.retention.hold;

/** The hold is not in a state that allows what was asked (409). */
class HoldConflictException extends RuntimeException {

    HoldConflictException(String message) {
        super(message, null, false, false);
    }
}
