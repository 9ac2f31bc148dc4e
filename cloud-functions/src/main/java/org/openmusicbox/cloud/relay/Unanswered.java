package org.openmusicbox.cloud.relay;

/**
 * A command the box could not answer: {@link #BOX_OFFLINE} (its presence says so, nothing was sent) or
 * {@link #BOX_UNREACHABLE} (sent, no answer in time). {@code errorType} is the wire's {@code error_type}.
 */
public final class Unanswered extends RuntimeException {

    public static final String BOX_OFFLINE = "box_offline";
    public static final String BOX_UNREACHABLE = "box_unreachable";

    private final String errorType;

    private Unanswered(String errorType, String message) {
        super(message, null, false, false);
        this.errorType = errorType;
    }

    public static Unanswered offline(String deviceId) {
        return new Unanswered(BOX_OFFLINE, "The box " + deviceId + " is offline");
    }

    public static Unanswered unreachable(String deviceId) {
        return new Unanswered(BOX_UNREACHABLE, "The box " + deviceId + " did not answer in time");
    }

    public String errorType() {
        return errorType;
    }
}
