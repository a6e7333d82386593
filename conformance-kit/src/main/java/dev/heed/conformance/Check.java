package dev.heed.conformance;

/** One rule of the contract and whether the system kept it; the detail says what was seen, never personal data. */
public record Check(String name, boolean passed, String detail) {

    static Check pass(String name, String detail) {
        return new Check(name, true, detail);
    }

    static Check fail(String name, String detail) {
        return new Check(name, false, detail);
    }

    @Override
    public String toString() {
        return (passed ? "PASS " : "FAIL ") + name + (detail == null || detail.isBlank() ? "" : ": " + detail);
    }
}
