package org.openmusicbox.edge.box;

import java.util.List;
import java.util.Map;

/**
 * A command the box refused, with the reason a client is told. It carries the wire error type and
 * the honest HTTP status, so that HTTP and Socket.IO report the same failure the same way.
 */
public final class BoxError extends RuntimeException {

    public record FieldProblem(String field, String message) {}

    private final String errorType;
    private final int status;
    private final Map<String, Object> details;
    private final List<FieldProblem> problems;

    public BoxError(
            String errorType, int status, String message, Map<String, Object> details, List<FieldProblem> problems) {
        super(message);
        this.errorType = errorType;
        this.status = status;
        this.details = details == null ? Map.of() : Map.copyOf(details);
        this.problems = problems == null ? List.of() : List.copyOf(problems);
    }

    public static BoxError notFound(String resource, String id) {
        return new BoxError(
                "not_found", 404, resource + " not found: " + id, Map.of("resource", resource, "id", id), null);
    }

    public static BoxError invalid(String message) {
        return new BoxError("validation_error", 400, message, null, null);
    }

    public static BoxError invalid(List<FieldProblem> problems) {
        String message =
                String.join("; ", problems.stream().map(FieldProblem::message).toList());
        return new BoxError("validation_error", 400, message, null, problems);
    }

    public static BoxError badRequest(String message) {
        return new BoxError("bad_request", 400, message, null, null);
    }

    public static BoxError conflict(String message) {
        return new BoxError("conflict", 409, message, null, null);
    }

    public String errorType() {
        return errorType;
    }

    public int status() {
        return status;
    }

    public Map<String, Object> details() {
        return details;
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
