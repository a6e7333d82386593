package dev.heed.dsr.export;

import dev.heed.platform.web.Problem;

/** An export request that cannot be served, as the problem+json it is answered with. */
class ExportRefused extends RuntimeException {

    private final transient Problem problem;

    ExportRefused(String kind, String title, int status, String detail) {
        super(detail, null, false, false);
        this.problem = Problem.of(kind, title, status, detail).occurrence();
    }

    static ExportRefused notFound(String detail) {
        return new ExportRefused("not-found", "Not found", 404, detail);
    }

    static ExportRefused forbidden(String detail) {
        return new ExportRefused("forbidden", "Forbidden", 403, detail);
    }

    static ExportRefused conflict(String detail) {
        return new ExportRefused("export-conflict", "Not possible in the task's state", 409, detail);
    }

    static ExportRefused gone(String detail) {
        return new ExportRefused("gone", "Gone", 410, detail);
    }

    static ExportRefused invalid(String field, String detail) {
        return new ExportRefused("invalid-request", "The request is invalid", 400, field + ": " + detail);
    }

    Problem problem() {
        return problem;
    }
}
