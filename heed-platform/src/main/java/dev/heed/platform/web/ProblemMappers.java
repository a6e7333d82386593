package dev.heed.platform.web;

import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * RFC 9457 problem+json for every error the services' HTTP APIs return. Bad input is a 400
 * that names the field (JSON path) and never echoes the value; nothing a caller sends may
 * cause a 500.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response invalidInput(InvalidInputException e, UriInfo uri) {
        return Problem.invalid(e.field(), e.getMessage()).occurrence().response();
    }

    /** Thrown by a record's constructor while Jackson builds it: the cause's message names the rule. */
    @ServerExceptionMapper
    public Response invalidValue(ValueInstantiationException e, UriInfo uri) {
        Throwable cause = e.getCause();
        String message = cause instanceof IllegalArgumentException && cause.getMessage() != null
                ? cause.getMessage()
                : "is not valid";
        return Problem.invalid(field(path(e), e.getType() == null ? null : e.getType().getRawClass(), message),
                message).occurrence().response();
    }

    /**
     * Records reject a value with a message that starts with the component's name ("customer is
     * required"); that component completes the path to the object being built.
     */
    static String field(String path, Class<?> type, String message) {
        if (type != null && type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                if (message.startsWith(component.getName() + " ")) {
                    return path == null ? component.getName() : path + "." + component.getName();
                }
            }
        }
        return path;
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        String field = path(e);
        String message;
        if (e instanceof UnrecognizedPropertyException unknown) {
            field = path(e);
            message = "is not a known field";
            if (field == null) {
                field = unknown.getPropertyName();
            }
        } else if (e instanceof InvalidFormatException format) {
            message = expected(format.getTargetType());
        } else {
            message = expected(e.getTargetType());
        }
        if (field == null) {
            return Problem.invalid(null, "the body does not have the expected structure").occurrence()
                    .response();
        }
        return Problem.invalid(field, message).occurrence().response();
    }

    @ServerExceptionMapper
    public Response mapping(JsonMappingException e, UriInfo uri) {
        if (e instanceof InvalidDefinitionException) {
            return unexpected(e, uri);
        }
        return Problem.invalid(path(e), "is not valid").occurrence().response();
    }

    @ServerExceptionMapper
    public Response malformed(StreamReadException e, UriInfo uri) {
        return Problem.of("malformed-json", "The body is not well-formed JSON", 400,
                "the request body could not be parsed as JSON").occurrence().response();
    }

    /** Bean Validation on a request: every violation, by the path of the offending field. */
    @ServerExceptionMapper
    public Response constraintViolations(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : e.getConstraintViolations()) {
            if (isReturnValue(violation.getPropertyPath())) {
                return unexpected(e, uri);
            }
            errors.add(new Problem.FieldError(field(violation.getPropertyPath()), violation.getMessage()));
        }
        errors.sort(Comparator.comparing(Problem.FieldError::field,
                Comparator.nullsFirst(Comparator.naturalOrder())));
        String detail = errors.stream().map(error -> error.field() + ": " + error.message())
                .collect(Collectors.joining("; "));
        return new Problem(URI.create("https://heed.dev/problems/invalid-request"), "The request is invalid",
                400, detail, Problem.occurrenceId(), errors).response();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return Problem.of("not-found", "Not found", 404, "nothing exists at this address").occurrence()
                .response();
    }

    @ServerExceptionMapper
    public Response notReady(NotReadyException e, UriInfo uri) {
        return Response.fromResponse(Problem.of("not-ready", "Not ready yet", 503, e.getMessage()).occurrence()
                .response()).header("Retry-After", "5").build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        // Quarkus REST wraps most Jackson read errors in a plain 400: answer them by their cause.
        Throwable cause = e.getCause();
        if (cause instanceof ValueInstantiationException invalid) {
            return invalidValue(invalid, uri);
        }
        if (cause instanceof MismatchedInputException mismatched) {
            return mismatchedInput(mismatched, uri);
        }
        if (cause instanceof JsonMappingException mapping && !(cause instanceof InvalidDefinitionException)) {
            return mapping(mapping, uri);
        }
        if (cause instanceof StreamReadException unreadable) {
            return malformed(unreadable, uri);
        }
        Response original = e.getResponse();
        int status = original.getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        Response.StatusType type = original.getStatusInfo();
        Problem problem = Problem.of(slug(type), type.getReasonPhrase(), status, type.getReasonPhrase())
                .occurrence();
        // Keeps the original headers, e.g. Allow on a 405.
        return Response.fromResponse(original).entity(problem).type(Problem.PROBLEM_JSON).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        // Not the path: it may carry a customer id. The stack trace names the resource method.
        Problem problem = Problem.of("internal-error", "Internal error", 500, "the request could not be completed")
                .occurrence();
        LOG.errorf(e, "unexpected error while handling a request, problem %s", problem.instance());
        return problem.response();
    }

    private static boolean isReturnValue(Path path) {
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    /**
     * The offending field as a path into the body ({@code items[0].name}), or the parameter's
     * name when the constraint is on the parameter itself (a query parameter).
     */
    static String field(Path path) {
        String parameter = null;
        StringBuilder field = new StringBuilder();
        for (Path.Node node : path) {
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR, RETURN_VALUE, CROSS_PARAMETER -> {
                    // Not part of what the caller sent.
                }
                case PARAMETER -> parameter = node.getName();
                default -> {
                    if (node.getIndex() != null) {
                        field.append('[').append(node.getIndex()).append(']');
                    } else if (node.getKey() != null) {
                        field.append('[').append(node.getKey()).append(']');
                    }
                    String name = node.getName();
                    if (name != null && !name.startsWith("<")) {
                        field.append(field.length() == 0 ? "" : ".").append(name);
                    }
                }
            }
        }
        return field.length() > 0 ? field.toString() : parameter;
    }

    static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "has the wrong type";
        }
        if (type.isEnum()) {
            StringBuilder values = new StringBuilder();
            for (Object constant : type.getEnumConstants()) {
                values.append(values.isEmpty() ? "" : ", ").append(constant);
            }
            return "must be one of " + values;
        }
        return "must be a valid " + type.getSimpleName();
    }

    private static String slug(Response.StatusType type) {
        return type.getReasonPhrase().toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }
}
