package dev.heed.retention;

/** Spelling rules that several endpoints' Bean Validation constraints share. */
public final class Inputs {

    /** The canonical 36-character form; {@link java.util.UUID#fromString} alone also takes 1-2-3-4-5. */
    public static final String UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    public static final String UUID_RULE = "must be a UUID";
    /** Policy ids, purpose ids and data categories: matched by equality wherever they are routed. */
    public static final String IDENTIFIER = "[a-z0-9][a-z0-9._-]{0,99}";
    public static final String IDENTIFIER_RULE =
            "must be 1-100 of a-z, 0-9, '.', '_', '-', starting with a letter or digit";
    /** Text that, when present, is not blank. */
    public static final String TEXT = "[\\s\\S]*\\S[\\s\\S]*";
    /** A page size or a count, before its range is checked. */
    public static final String WHOLE_NUMBER = "[0-9]{1,9}";
    public static final String WHOLE_NUMBER_RULE = "must be a whole number";

    private Inputs() {
    }
}
