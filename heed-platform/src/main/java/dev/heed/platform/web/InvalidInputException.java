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

    /**
     * A required text: not blank, at most {@code max} characters once stripped; yields it stripped.
     *
     * @throws InvalidInputException naming the field and the rule otherwise
     */
    public static String requireText(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "is required and must not be blank");
        }
        if (value.strip().length() > max) {
            throw new InvalidInputException(field, "must be at most " + max + " characters");
        }
        return value.strip();
    }
}
