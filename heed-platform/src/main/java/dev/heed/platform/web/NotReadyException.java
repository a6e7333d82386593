package dev.heed.platform.web;

/** A view the request needs has not caught up yet; the caller retries later (HTTP 503 with Retry-After). */
public class NotReadyException extends RuntimeException {

    public NotReadyException(String message) {
        super(message);
    }
}
