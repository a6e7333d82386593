package dev.heed.audit.proof;

/** A proof or bundle that cannot be given: nothing to prove (404) or not covered by a signed head yet (409). */
public class ProofUnavailableException extends RuntimeException {

    private final int status;
    private final String kind;

    private ProofUnavailableException(int status, String kind, String detail) {
        super(detail);
        this.status = status;
        this.kind = kind;
    }

    public static ProofUnavailableException notFound(String detail) {
        return new ProofUnavailableException(404, "not-found", detail);
    }

    public static ProofUnavailableException notSignedYet(String detail) {
        return new ProofUnavailableException(409, "not-signed-yet", detail);
    }

    public int status() {
        return status;
    }

    public String kind() {
        return kind;
    }
}
