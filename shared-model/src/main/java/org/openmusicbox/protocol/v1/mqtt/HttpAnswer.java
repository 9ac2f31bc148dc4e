package org.openmusicbox.protocol.v1.mqtt;

/**
 * The {@code data} of a successful reply to command {@code http}: the box's HTTP answer as its own port would have
 * sent it ({@code status}, {@code content_type}, {@code body} in base64; an error envelope is a successful reply with
 * a 4xx or 5xx status). A reply with {@code success: false} means the box could not run the request at all.
 */
public record HttpAnswer(Integer status, String contentType, String body) {

    public HttpAnswer {
        Check.required(status, "status");
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be 100..599, was " + status);
        }
    }
}
