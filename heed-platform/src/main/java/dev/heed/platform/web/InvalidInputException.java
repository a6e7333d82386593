package dev.heed.platform.web;

/**
 * Bad input from a caller, about one field: answered with 400 and a problem naming the field.
 * The message must describe the rule, never repeat the value.
 */
public class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
