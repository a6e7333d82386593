package dev.heed.platform.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;

/**
 * An RFC 9457 problem detail. Messages name fields, never the values a caller sent.
 *
 * @param errors one entry per offending field; empty when the problem is not about a field
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType PROBLEM_JSON = MediaType.valueOf(MEDIA_TYPE);
    private static final String TYPES = "https://heed.dev/problems/";

    /** One offending field, as a JSON path into the request ({@code purposes[2].id}) or a parameter name. */
    public record FieldError(String field, String message) {
    }

    public static Problem of(String kind, String title, int status, String detail) {
        return new Problem(URI.create(TYPES + kind), title, status, detail, null, List.of());
    }

    public static Problem invalid(String field, String message) {
        return new Problem(URI.create(TYPES + "invalid-request"), "The request is invalid", 400,
                field == null ? message : field + ": " + message, null,
                field == null ? List.of() : List.of(new FieldError(field, message)));
    }

    /**
     * Numbers this occurrence ({@code instance} is a fresh {@code urn:uuid:}), so a caller can
     * quote it and an operator find it in the log. Not the request path: paths carry customer ids.
     */
    public Problem occurrence() {
        return new Problem(type, title, status, detail, occurrenceId(), errors);
    }

    static String occurrenceId() {
        return "urn:uuid:" + UUID.randomUUID();
    }

    public Response response() {
        return Response.status(status).type(PROBLEM_JSON).entity(this).build();
    }
}
