package org.openmusicbox.cloud.config;

import java.util.NoSuchElementException;
import org.openmusicbox.protocol.v1.http.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Failures of the HTTP functions as the protocol's error envelope ({@link ApiError}) with an honest status: a
 * body the function's input record refuses is a 400, not the 500 spring-cloud-function answers by itself, and
 * something that does not exist a 404.
 */
@RestControllerAdvice
public class HttpErrors {

    private static final Logger log = LoggerFactory.getLogger(HttpErrors.class);
    /** How spring-cloud-function reports a body it could not turn into the function's input. */
    private static final String UNREADABLE_INPUT = "Failed to convert";

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ApiError> invalid(IllegalArgumentException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(ApiError.of(ApiError.VALIDATION_ERROR, message(e)));
    }

    @ExceptionHandler(NoSuchElementException.class)
    ResponseEntity<ApiError> notFound(NoSuchElementException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiError.of(ApiError.NOT_FOUND, message(e)));
    }

    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<ApiError> failed(IllegalStateException e) {
        if (e.getMessage() != null && e.getMessage().startsWith(UNREADABLE_INPUT)) {
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(ApiError.of(ApiError.BAD_REQUEST, message(e)));
        }
        log.error("Function failed", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(ApiError.of(ApiError.INTERNAL_ERROR, "The request could not be processed"));
    }

    private static String message(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 500 ? message.substring(0, 500) + "..." : message;
    }
}
