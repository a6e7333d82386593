package dev.heed.events;

/** A record that is not a well-formed Heed event; consumers dead-letter it rather than retry. */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
