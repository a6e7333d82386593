package dev.heed.consent;

/** Spelling rules that several endpoints' Bean Validation constraints share. */
public final class Inputs {

    /** The canonical 36-character form; {@link java.util.UUID#fromString} alone also takes 1-2-3-4-5. */
    public static final String UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    private Inputs() {
    }
}
