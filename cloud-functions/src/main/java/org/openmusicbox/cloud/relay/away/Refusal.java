package org.openmusicbox.cloud.relay.away;

import org.springframework.http.HttpStatus;

/** A request refused before anything changed: answered as the box's error envelope with this status. */
class Refusal extends RuntimeException {

    private final HttpStatus status;
    private final String errorType;

    Refusal(HttpStatus status, String errorType, String message) {
        super(message, null, false, false);
        this.status = status;
        this.errorType = errorType;
    }

    HttpStatus status() {
        return status;
    }

    String errorType() {
        return errorType;
    }
}
