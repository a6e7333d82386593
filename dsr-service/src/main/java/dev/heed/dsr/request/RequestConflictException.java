package dev.heed.dsr.request;

/** The request is not in a state that allows what was asked (409). */
class RequestConflictException extends RuntimeException {

    RequestConflictException(String message) {
        super(message, null, false, false);
    }
}
