package org.openmusicbox.protocol.v1.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every successful HTTP response. {@code timestamp} is epoch seconds with a fraction, unlike the
 * milliseconds of the Socket.IO envelope, because the existing frontend and contract expect seconds.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiSuccess(
        @JsonInclude(JsonInclude.Include.ALWAYS) String status,
        @JsonInclude(JsonInclude.Include.ALWAYS) String message,
        double timestamp,
        Object data,
        Long serverSeq,
        String clientOpId) {

    public static final String SUCCESS = "success";

    public static ApiSuccess of(String message, Object data) {
        return new ApiSuccess(SUCCESS, message, System.currentTimeMillis() / 1000.0, data, null, null);
    }

    public ApiSuccess withServerSeq(long seq) {
        return new ApiSuccess(status, message, timestamp, data, seq, clientOpId);
    }

    public ApiSuccess withClientOpId(String opId) {
        return new ApiSuccess(status, message, timestamp, data, serverSeq, opId);
    }
}
