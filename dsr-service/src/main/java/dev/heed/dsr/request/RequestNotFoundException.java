package dev.heed.dsr.request;

/** No request (or no task of it) is what was asked for (404). */
class RequestNotFoundException extends RuntimeException {

    RequestNotFoundException(String message) {
        super(message, null, false, false);
    }
}
