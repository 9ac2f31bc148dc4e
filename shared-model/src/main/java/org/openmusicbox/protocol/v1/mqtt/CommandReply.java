package org.openmusicbox.protocol.v1.mqtt;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code commands/replies}, device to cloud: the answer to one {@link DeviceCommand}, published to the command's
 * response topic with its correlation data echoed. A success may carry {@code data}; a failure carries
 * {@code error_type} (the HTTP API's error types, such as {@code validation_error} or {@code not_found}, plus
 * {@link #UNKNOWN_COMMAND}) and {@code message}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandReply(String commandId, boolean success, Object data, String errorType, String message) {

    /** The device does not know the command's {@code name}. */
    public static final String UNKNOWN_COMMAND = "unknown_command";

    public CommandReply {
        Check.present(commandId, "command_id");
        if (!success) {
            Check.present(errorType, "error_type");
        }
    }

    public static CommandReply ok(String commandId, Object data) {
        return new CommandReply(commandId, true, data, null, null);
    }

    public static CommandReply failed(String commandId, String errorType, String message) {
        return new CommandReply(commandId, false, null, errorType, message);
    }
}
