package org.openmusicbox.protocol.v1.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of every failed HTTP response, including framework-level failures (unknown route, wrong method,
 * unreadable body) so that clients never have to parse a second error format. {@code timestamp} is epoch
 * seconds. {@code errors} is only set for {@link #VALIDATION_ERROR}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(
        @JsonInclude(JsonInclude.Include.ALWAYS) String status,
        @JsonInclude(JsonInclude.Include.ALWAYS) String errorType,
        @JsonInclude(JsonInclude.Include.ALWAYS) String message,
        double timestamp,
        Map<String, Object> details,
        String clientOpId,
        List<FieldError> errors) {

    public static final String ERROR = "error";

    public static final String BAD_REQUEST = "bad_request";
    public static final String VALIDATION_ERROR = "validation_error";
    public static final String NOT_FOUND = "not_found";
    public static final String CONFLICT = "conflict";
    public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
    public static final String PAYLOAD_TOO_LARGE = "payload_too_large";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
    public static final String INTERNAL_ERROR = "internal_error";
    public static final String SERVICE_UNAVAILABLE = "service_unavailable";
    public static final String RATE_LIMIT_ERROR = "rate_limit_error";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String FORBIDDEN = "forbidden";

    public ApiError {
        // Not Map.copyOf: a detail may be null (e.g. the id that was not found).
        details = details == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(details));
        errors = errors == null ? null : List.copyOf(errors);
    }

    public static ApiError of(String errorType, String message) {
        return new ApiError(ERROR, errorType, message, System.currentTimeMillis() / 1000.0, null, null, null);
    }

    public ApiError withDetails(Map<String, Object> newDetails) {
        return new ApiError(status, errorType, message, timestamp, newDetails, clientOpId, errors);
    }

    public ApiError withClientOpId(String opId) {
        return new ApiError(status, errorType, message, timestamp, details, opId, errors);
    }

    public ApiError withErrors(List<FieldError> newErrors) {
        return new ApiError(status, errorType, message, timestamp, details, clientOpId, newErrors);
    }

    /** One rejected request field; {@code field} is absent when the problem concerns the whole body. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(String field, String message) {}
}
